package io.vetcd.api;

import io.vertx.core.Future;
import io.vetcd.proto.etcdserverpb.LeaseGrantRequest;
import io.vetcd.proto.etcdserverpb.LeaseGrantResponse;

/**
 * The lease of a lock or election request, as etcd's servers get it from a concurrency session:
 * the client's own lease, or, when it names none, a new lease of the session's default TTL that
 * nobody keeps alive (the session is orphaned), so the key goes when that TTL ends.
 */
final class SessionLeases {
  /** clientv3/concurrency's defaultSessionTTL, in seconds. */
  static final long DEFAULT_TTL_SECONDS = 60;

  private final LeaseServer leases;

  SessionLeases(LeaseServer leases) {
    this.leases = leases;
  }

  Future<Long> leaseOf(long requested) {
    if (requested != 0) {
      return Future.succeededFuture(requested);
    }
    return leases.grant(LeaseGrantRequest.newBuilder().setTTL(DEFAULT_TTL_SECONDS).build())
        .map(LeaseGrantResponse::getID);
  }
}
