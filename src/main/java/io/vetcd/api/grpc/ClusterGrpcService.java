package io.vetcd.api.grpc;

import io.vertx.core.Future;
import io.vetcd.api.ClusterServer;
import io.vetcd.proto.etcdserverpb.EtcdClusterService;
import io.vetcd.proto.etcdserverpb.MemberAddRequest;
import io.vetcd.proto.etcdserverpb.MemberAddResponse;
import io.vetcd.proto.etcdserverpb.MemberListRequest;
import io.vetcd.proto.etcdserverpb.MemberListResponse;
import io.vetcd.proto.etcdserverpb.MemberPromoteRequest;
import io.vetcd.proto.etcdserverpb.MemberPromoteResponse;
import io.vetcd.proto.etcdserverpb.MemberRemoveRequest;
import io.vetcd.proto.etcdserverpb.MemberRemoveResponse;
import io.vetcd.proto.etcdserverpb.MemberUpdateRequest;
import io.vetcd.proto.etcdserverpb.MemberUpdateResponse;

/** etcdserverpb.Cluster over gRPC. */
final class ClusterGrpcService extends EtcdClusterService {
  private final ClusterServer cluster;

  ClusterGrpcService(ClusterServer cluster) {
    this.cluster = cluster;
  }

  @Override
  public Future<MemberListResponse> memberList(MemberListRequest request) {
    return GrpcErrors.answer(request, r -> cluster.memberList());
  }

  @Override
  public Future<MemberAddResponse> memberAdd(MemberAddRequest request) {
    return GrpcErrors.answer(request, cluster::memberAdd);
  }

  @Override
  public Future<MemberRemoveResponse> memberRemove(MemberRemoveRequest request) {
    return GrpcErrors.answer(request, r -> cluster.memberRemove(r.getID()));
  }

  @Override
  public Future<MemberUpdateResponse> memberUpdate(MemberUpdateRequest request) {
    return GrpcErrors.answer(request, cluster::memberUpdate);
  }

  @Override
  public Future<MemberPromoteResponse> memberPromote(MemberPromoteRequest request) {
    return GrpcErrors.answer(request, r -> cluster.memberPromote(r.getID()));
  }
}
