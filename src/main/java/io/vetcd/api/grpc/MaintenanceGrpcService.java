package io.vetcd.api.grpc;

import io.vertx.core.Future;
import io.vetcd.api.MaintenanceServer;
import io.vetcd.proto.etcdserverpb.EtcdMaintenanceService;
import io.vetcd.proto.etcdserverpb.HashKVRequest;
import io.vetcd.proto.etcdserverpb.HashKVResponse;
import io.vetcd.proto.etcdserverpb.MoveLeaderRequest;
import io.vetcd.proto.etcdserverpb.MoveLeaderResponse;
import io.vetcd.proto.etcdserverpb.StatusRequest;
import io.vetcd.proto.etcdserverpb.StatusResponse;

/** etcdserverpb.Maintenance over gRPC; methods not overridden answer UNIMPLEMENTED. */
final class MaintenanceGrpcService extends EtcdMaintenanceService {
  private final MaintenanceServer maintenance;

  MaintenanceGrpcService(MaintenanceServer maintenance) {
    this.maintenance = maintenance;
  }

  @Override
  public Future<MoveLeaderResponse> moveLeader(MoveLeaderRequest request) {
    return GrpcErrors.answer(request, r -> maintenance.moveLeader(r.getTargetID()));
  }

  @Override
  public Future<HashKVResponse> hashKV(HashKVRequest request) {
    return GrpcErrors.answer(request, r -> maintenance.hashKv(r.getRevision()));
  }

  @Override
  public Future<StatusResponse> status(StatusRequest request) {
    return GrpcErrors.answer(request, r -> maintenance.status());
  }
}
