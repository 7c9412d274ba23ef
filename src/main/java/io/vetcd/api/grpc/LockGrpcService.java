package io.vetcd.api.grpc;

import io.vertx.core.Future;
import io.vetcd.api.LockServer;
import io.vetcd.proto.v3lockpb.EtcdLockService;
import io.vetcd.proto.v3lockpb.UnlockRequest;
import io.vetcd.proto.v3lockpb.UnlockResponse;

/**
 * v3lockpb.Lock over gRPC: a thin adapter onto {@link LockServer}. Lock itself is bound through
 * {@link ClientCancels}, since it waits and must learn when its client gives up.
 */
final class LockGrpcService extends EtcdLockService {
  private final LockServer locks;

  LockGrpcService(LockServer locks) {
    this.locks = locks;
  }

  @Override
  public Future<UnlockResponse> unlock(UnlockRequest request) {
    return GrpcErrors.answer(request, locks::unlock);
  }
}
