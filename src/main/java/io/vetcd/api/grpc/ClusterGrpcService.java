package io.vetcd.api.grpc;

import io.vertx.core.Future;
import io.vetcd.api.ClusterServer;
import io.vetcd.proto.etcdserverpb.EtcdClusterService;
import io.vetcd.proto.etcdserverpb.MemberListRequest;
import io.vetcd.proto.etcdserverpb.MemberListResponse;

/** etcdserverpb.Cluster over gRPC; membership changes answer UNIMPLEMENTED for now. */
final class ClusterGrpcService extends EtcdClusterService {
  private final ClusterServer cluster;

  ClusterGrpcService(ClusterServer cluster) {
    this.cluster = cluster;
  }

  @Override
  public Future<MemberListResponse> memberList(MemberListRequest request) {
    return GrpcErrors.answer(request, r -> cluster.memberList());
  }
}
