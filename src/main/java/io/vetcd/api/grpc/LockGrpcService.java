package io.vetcd.api.grpc;

import io.vertx.core.Future;
import io.vetcd.api.LockServer;
import io.vetcd.proto.v3lockpb.EtcdLockService;
import io.vetcd.proto.v3lockpb.LockRequest;
import io.vetcd.proto.v3lockpb.LockResponse;
import io.vetcd.proto.v3lockpb.UnlockRequest;
import io.vetcd.proto.v3lockpb.UnlockResponse;

/** v3lockpb.Lock over gRPC: a thin adapter onto {@link LockServer}. */
final class LockGrpcService extends EtcdLockService {
  private final LockServer locks;

  LockGrpcService(LockServer locks) {
    this.locks = locks;
  }

  @Override
  public Future<LockResponse> lock(LockRequest request) {
    return GrpcErrors.answer(request, locks::lock);
  }

  @Override
  public Future<UnlockResponse> unlock(UnlockRequest request) {
    return GrpcErrors.answer(request, locks::unlock);
  }
}
