package io.vetcd.api;

import com.google.protobuf.ByteString;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vetcd.bus.LeaseClocks;
import io.vetcd.bus.Proposer;
import io.vetcd.bus.RequestIds;
import io.vetcd.mvcc.Lease;
import io.vetcd.mvcc.MvccStore;
import io.vetcd.proto.etcdserverpb.LeaseGrantRequest;
import io.vetcd.proto.etcdserverpb.LeaseGrantResponse;
import io.vetcd.proto.etcdserverpb.LeaseKeepAliveResponse;
import io.vetcd.proto.etcdserverpb.LeaseLeasesResponse;
import io.vetcd.proto.etcdserverpb.LeaseRevokeRequest;
import io.vetcd.proto.etcdserverpb.LeaseRevokeResponse;
import io.vetcd.proto.etcdserverpb.LeaseStatus;
import io.vetcd.proto.etcdserverpb.LeaseTimeToLiveRequest;
import io.vetcd.proto.etcdserverpb.LeaseTimeToLiveResponse;
import io.vetcd.proto.vetcdpb.InternalRequest;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * etcd's Lease semantics, independent of the protocol: grants and revokes go through the log,
 * keepalives and remaining TTLs go to the lease verticle's clocks (etcdserver/v3_server.go,
 * api/v3rpc/lease.go).
 */
public final class LeaseServer {
  private final Vertx vertx;
  private final MvccStore store;
  private final ResponseHeaders headers;
  private final Writes writes;
  private final RequestIds ids;
  private final LeaseClocks clocks;
  private final long minTtlSeconds;

  /**
   * @param minTtlSeconds etcd's minimum lease TTL, ceil(1.5 election timeouts): a shorter grant
   *     gets it, since a lease could otherwise expire during a leader election
   */
  public LeaseServer(Vertx vertx, MvccStore store, ResponseHeaders headers, Proposer proposer,
      RequestIds ids, LeaseClocks clocks, long minTtlSeconds) {
    this.vertx = vertx;
    this.store = store;
    this.headers = headers;
    this.writes = new Writes(proposer, headers);
    this.ids = ids;
    this.clocks = clocks;
    this.minTtlSeconds = minTtlSeconds;
  }

  /**
   * The id and the raised TTL are chosen here, before proposing, where etcd's lessor raises the
   * TTL when applying: the log then holds the lease every member applies alike.
   */
  public Future<LeaseGrantResponse> grant(LeaseGrantRequest request) {
    LeaseGrantRequest.Builder grant = request.toBuilder();
    while (grant.getID() == 0) {
      grant.setID(ids.next() & Long.MAX_VALUE); // positive ids only, as etcd's
    }
    grant.setTTL(Math.max(grant.getTTL(), minTtlSeconds));
    return writes.write(InternalRequest.newBuilder().setLeaseGrant(grant), LeaseGrantResponse.class);
  }

  public Future<LeaseRevokeResponse> revoke(LeaseRevokeRequest request) {
    return writes.write(
        InternalRequest.newBuilder().setLeaseRevoke(request), LeaseRevokeResponse.class);
  }

  /**
   * One keepalive: the TTL after renewing, 0 for a lease that is not granted (etcd answers so
   * rather than failing the stream). The header is taken before the renewal, as etcd's, so that
   * its revision is never past a revoke of the lease.
   */
  public Future<LeaseKeepAliveResponse> keepAlive(long leaseId) {
    LeaseKeepAliveResponse.Builder response = LeaseKeepAliveResponse.newBuilder()
        .setHeader(headers.at(store.currentRevision()))
        .setID(leaseId);
    return clocks.renew(leaseId).map(ttl -> response.setTTL(ttl).build());
  }

  /** TTL -1 for a lease that is not granted, as etcd answers (not an error). */
  public Future<LeaseTimeToLiveResponse> timeToLive(LeaseTimeToLiveRequest request) {
    long leaseId = request.getID();
    return clocks.remainingMillis(leaseId).compose(remainingMillis -> {
      Lease lease = store.lease(leaseId);
      LeaseTimeToLiveResponse.Builder response = LeaseTimeToLiveResponse.newBuilder()
          .setHeader(headers.at(store.currentRevision()))
          .setID(leaseId);
      if (remainingMillis < 0 || lease == null) {
        return Future.succeededFuture(response.setTTL(-1).build());
      }
      response.setTTL(remainingMillis / 1000).setGrantedTTL(lease.ttlSeconds()); // etcd truncates
      if (!request.getKeys()) {
        return Future.succeededFuture(response.build());
      }
      return vertx.<List<ByteString>>executeBlocking(() -> store.leaseKeys(leaseId), false)
          .map(keys -> response.addAllKeys(keys).build());
    });
  }

  /**
   * Every granted lease, the soonest to expire first, as etcd's leader lists them (the remaining
   * times are asked for in one message, forwarded to the leader by a follower). etcd answers from
   * the member's own lessor even with no leader: then the leases come in id order.
   */
  public Future<LeaseLeasesResponse> leases() {
    long revision = store.currentRevision();
    List<Long> ids = store.leases().stream().map(Lease::id).toList();
    List<Future<Long>> remaining = ids.stream().map(clocks::remainingMillis).toList();
    return Future.all(remaining).transform(all -> {
      Comparator<Integer> byId = Comparator.comparing(ids::get);
      Comparator<Integer> order = all.succeeded()
          ? Comparator.comparing((Integer i) -> remaining.get(i).result()).thenComparing(byId)
          : byId;
      LeaseLeasesResponse.Builder response = LeaseLeasesResponse.newBuilder()
          .setHeader(headers.at(revision));
      IntStream.range(0, ids.size()).boxed().sorted(order)
          .forEach(i -> response.addLeases(LeaseStatus.newBuilder().setID(ids.get(i))));
      return Future.succeededFuture(response.build());
    });
  }
}
