package io.vetcd.api.grpc;

import io.vertx.core.Future;
import io.vetcd.api.KvServer;
import io.vetcd.proto.etcdserverpb.CompactionRequest;
import io.vetcd.proto.etcdserverpb.CompactionResponse;
import io.vetcd.proto.etcdserverpb.DeleteRangeRequest;
import io.vetcd.proto.etcdserverpb.DeleteRangeResponse;
import io.vetcd.proto.etcdserverpb.EtcdKVService;
import io.vetcd.proto.etcdserverpb.PutRequest;
import io.vetcd.proto.etcdserverpb.PutResponse;
import io.vetcd.proto.etcdserverpb.RangeRequest;
import io.vetcd.proto.etcdserverpb.RangeResponse;
import io.vetcd.proto.etcdserverpb.TxnRequest;
import io.vetcd.proto.etcdserverpb.TxnResponse;

/** etcdserverpb.KV over gRPC: a thin adapter onto {@link KvServer}. */
final class KvGrpcService extends EtcdKVService {
  private final KvServer kv;

  KvGrpcService(KvServer kv) {
    this.kv = kv;
  }

  @Override
  public Future<RangeResponse> range(RangeRequest request) {
    return GrpcErrors.answer(request, kv::range);
  }

  @Override
  public Future<PutResponse> put(PutRequest request) {
    return GrpcErrors.answer(request, kv::put);
  }

  @Override
  public Future<DeleteRangeResponse> deleteRange(DeleteRangeRequest request) {
    return GrpcErrors.answer(request, kv::deleteRange);
  }

  @Override
  public Future<TxnResponse> txn(TxnRequest request) {
    return GrpcErrors.answer(request, kv::txn);
  }

  @Override
  public Future<CompactionResponse> compact(CompactionRequest request) {
    return GrpcErrors.answer(request, kv::compact);
  }
}
