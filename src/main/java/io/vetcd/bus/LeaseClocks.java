package io.vetcd.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vetcd.errors.EtcdError;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks the lease verticle, which keeps the leases' clocks on the leader, to renew leases
 * (keepalives, which etcd does not log) or to tell their remaining TTLs. The calls of one
 * event-loop turn travel as one message each way. Made on the caller's context.
 */
public final class LeaseClocks {
  private final EventBus bus;
  private final DeliveryOptions options;
  private final TurnBatcher<Long, Long> renewals;
  private final TurnBatcher<Long, Long> lookups;

  public LeaseClocks(Vertx vertx, long timeoutMillis) {
    this.bus = vertx.eventBus();
    this.options = new DeliveryOptions().setSendTimeout(timeoutMillis);
    this.renewals = new TurnBatcher<>(vertx.getOrCreateContext(), ids -> ask(Addresses.LEASE_RENEW, ids));
    this.lookups = new TurnBatcher<>(vertx.getOrCreateContext(), ids -> ask(Addresses.LEASE_REMAINING, ids));
  }

  /** The lease's TTL in seconds after renewing it, or 0 when it is not granted or expired. */
  public Future<Long> renew(long leaseId) {
    return renewals.submit(leaseId);
  }

  /** Milliseconds the lease has left, or -1 when it is not granted. */
  public Future<Long> remainingMillis(long leaseId) {
    return lookups.submit(leaseId);
  }

  private Future<List<Future<Long>>> ask(String address, List<Long> ids) {
    long[] request = ids.stream().mapToLong(Long::longValue).toArray();
    return bus.<LeaseTtls>request(address, LeaseIds.local(request), options)
        .recover(RaftTimeout::asEtcdError)
        .map(reply -> {
          LeaseTtls ttls = reply.body();
          List<Future<Long>> answers = new ArrayList<>(ids.size());
          for (int i = 0; i < ids.size(); i++) {
            answers.add(ttls.error() != null
                ? Future.failedFuture(ttls.error().exception())
                : Future.succeededFuture(ttls.ttls()[i]));
          }
          return answers;
        });
  }
}
