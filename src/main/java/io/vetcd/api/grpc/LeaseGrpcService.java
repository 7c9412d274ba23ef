package io.vetcd.api.grpc;

import io.vertx.core.Future;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import io.vertx.grpc.server.GrpcServerResponse;
import io.vetcd.api.LeaseServer;
import io.vetcd.proto.etcdserverpb.EtcdLeaseService;
import io.vetcd.proto.etcdserverpb.LeaseGrantRequest;
import io.vetcd.proto.etcdserverpb.LeaseGrantResponse;
import io.vetcd.proto.etcdserverpb.LeaseKeepAliveRequest;
import io.vetcd.proto.etcdserverpb.LeaseKeepAliveResponse;
import io.vetcd.proto.etcdserverpb.LeaseLeasesRequest;
import io.vetcd.proto.etcdserverpb.LeaseLeasesResponse;
import io.vetcd.proto.etcdserverpb.LeaseRevokeRequest;
import io.vetcd.proto.etcdserverpb.LeaseRevokeResponse;
import io.vetcd.proto.etcdserverpb.LeaseTimeToLiveRequest;
import io.vetcd.proto.etcdserverpb.LeaseTimeToLiveResponse;

/** etcdserverpb.Lease over gRPC: a thin adapter onto {@link LeaseServer}. */
final class LeaseGrpcService extends EtcdLeaseService {
  private final LeaseServer leases;

  LeaseGrpcService(LeaseServer leases) {
    this.leases = leases;
  }

  @Override
  public Future<LeaseGrantResponse> leaseGrant(LeaseGrantRequest request) {
    return GrpcErrors.answer(request, leases::grant);
  }

  @Override
  public Future<LeaseRevokeResponse> leaseRevoke(LeaseRevokeRequest request) {
    return GrpcErrors.answer(request, leases::revoke);
  }

  @Override
  public Future<LeaseTimeToLiveResponse> leaseTimeToLive(LeaseTimeToLiveRequest request) {
    return GrpcErrors.answer(request, leases::timeToLive);
  }

  @Override
  public Future<LeaseLeasesResponse> leaseLeases(LeaseLeasesRequest request) {
    return GrpcErrors.answer(request, r -> leases.leases());
  }

  /**
   * Many leases per stream, each keepalive answered in order; several are in flight at once. As
   * etcd's: when the client half-closes, the stream ends (OK) once the pending answers are
   * written; a failure (no leader, timeout) ends it with that status.
   */
  @Override
  @SuppressWarnings("unchecked")
  protected void leaseKeepAlive(ReadStream<LeaseKeepAliveRequest> requests,
      WriteStream<LeaseKeepAliveResponse> responses) {
    // The generated service hands over the call's response, which is a gRPC one.
    GrpcServerResponse<?, LeaseKeepAliveResponse> call =
        (GrpcServerResponse<?, LeaseKeepAliveResponse>) responses;
    InOrderReplies<LeaseKeepAliveResponse> replies =
        new InOrderReplies<>(call::write, failure -> call.fail(GrpcErrors.toStatus(failure)));
    requests.handler(request ->
        replies.add(GrpcErrors.answer(request, r -> leases.keepAlive(r.getID()))));
    requests.endHandler(v -> replies.whenDrained(call::end));
  }
}
