package io.vetcd.api;

import com.google.protobuf.Message;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vetcd.bus.Proposer;
import io.vetcd.bus.ReadBarrier;
import io.vetcd.bus.TurnBatcher;
import io.vetcd.errors.EtcdException;
import io.vetcd.mvcc.MvccStore;
import io.vetcd.mvcc.RequestValidator;
import io.vetcd.proto.etcdserverpb.CompactionRequest;
import io.vetcd.proto.etcdserverpb.CompactionResponse;
import io.vetcd.proto.etcdserverpb.DeleteRangeRequest;
import io.vetcd.proto.etcdserverpb.DeleteRangeResponse;
import io.vetcd.proto.etcdserverpb.PutRequest;
import io.vetcd.proto.etcdserverpb.PutResponse;
import io.vetcd.proto.etcdserverpb.RangeRequest;
import io.vetcd.proto.etcdserverpb.RangeResponse;
import io.vetcd.proto.etcdserverpb.TxnRequest;
import io.vetcd.proto.etcdserverpb.TxnResponse;
import io.vetcd.proto.vetcdpb.InternalRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * etcd's KV semantics, independent of the protocol that carried the request: validate, then
 * replicate writes through Raft or read the store (after a read barrier unless serializable).
 * gRPC, the JSON gateway and any other adapter call this and only map the result.
 */
public final class KvServer {
  private final MvccStore store;
  private final ResponseHeaders headers;
  private final Writes writes;
  private final ReadBarrier barrier;
  private final RequestValidator validator;
  /** Reads run on their own pool, so a burst of ranges never delays WAL writes or applies. */
  private final WorkerExecutor readers;
  private final TurnBatcher<RangeRequest, RangeResponse> ranges;

  public KvServer(Vertx vertx, MvccStore store, ResponseHeaders headers, Proposer proposer,
      ReadBarrier barrier, int maxTxnOps) {
    this.store = store;
    this.headers = headers;
    this.writes = new Writes(proposer, headers);
    this.barrier = barrier;
    this.validator = new RequestValidator(maxTxnOps);
    this.readers = vertx.createSharedWorkerExecutor(
        "vetcd-read", 2 * Runtime.getRuntime().availableProcessors());
    this.ranges = new TurnBatcher<>(vertx.getOrCreateContext(), this::readAll);
  }

  public Future<RangeResponse> range(RangeRequest request) {
    return check(() -> validator.checkRange(request))
        .compose(v -> request.getSerializable() ? Future.succeededFuture() : barrier.await())
        .compose(ignored -> ranges.submit(request))
        .map(headers::fill);
  }

  /** The ranges of one turn, read in one worker task (each on its own store snapshot). */
  private Future<List<Future<RangeResponse>>> readAll(List<RangeRequest> requests) {
    return readers.executeBlocking(() -> {
      List<Future<RangeResponse>> responses = new ArrayList<>(requests.size());
      for (RangeRequest request : requests) {
        try {
          responses.add(Future.succeededFuture(store.range(request)));
        } catch (EtcdException e) {
          responses.add(Future.failedFuture(e));
        }
      }
      return responses;
    }, false);
  }

  public Future<PutResponse> put(PutRequest request) {
    return check(() -> validator.checkPut(request))
        .compose(v -> write(InternalRequest.newBuilder().setPut(request), PutResponse.class));
  }

  public Future<DeleteRangeResponse> deleteRange(DeleteRangeRequest request) {
    return check(() -> validator.checkDeleteRange(request))
        .compose(v -> write(InternalRequest.newBuilder().setDeleteRange(request),
            DeleteRangeResponse.class));
  }

  public Future<TxnResponse> txn(TxnRequest request) {
    return check(() -> validator.checkTxn(request))
        .compose(v -> write(InternalRequest.newBuilder().setTxn(request), TxnResponse.class));
  }

  public Future<CompactionResponse> compact(CompactionRequest request) {
    return write(InternalRequest.newBuilder().setCompaction(request), CompactionResponse.class);
  }

  private <T extends Message> Future<T> write(InternalRequest.Builder request, Class<T> type) {
    return writes.write(request, type);
  }

  private static Future<Void> check(Runnable validation) {
    try {
      validation.run();
      return Future.succeededFuture();
    } catch (EtcdException e) {
      return Future.failedFuture(e);
    }
  }
}
