package io.vetcd.lease;

import io.vetcd.mvcc.Lease;
import io.vetcd.proto.etcdserverpb.LeaseCheckpoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The leader's lease clocks (etcd's lessor as primary), pure: the time comes in as an argument,
 * nothing here proposes or blocks. Which leases exist is the replicated store's business; this
 * class only knows when each one it tracks runs out, and turns that into what to propose:
 * revokes of expired leases and checkpoints of remaining TTLs. Not thread-safe: one event loop
 * owns it.
 *
 * <p>A lease is tracked only while this member is the leader ({@link #promote}); a new leader
 * gives every lease its checkpointed remaining TTL, or its full TTL, counted from the promotion,
 * so a leader change or restart never expires leases in bulk.
 */
final class Lessor {
  /**
   * How long an expired lease whose revoke was proposed waits before it is proposed again (etcd's
   * expiredLeaseRetryInterval): the revoke may have been lost with a leader change.
   */
  static final long REVOKE_RETRY_MILLIS = 3_000;

  private final long checkpointIntervalMillis;
  private final Map<Long, Clock> clocks = new HashMap<>();
  /**
   * Expiry times, a heap instead of a scan of every lease on every tick. An entry may be early: a
   * renewal only moves the lease's clock, and its entry, when it comes up, is put back at the new
   * expiry. So a lease has one entry however often it is renewed, and keepalives never touch the
   * heap. A revoked lease's entry is dropped when it comes up.
   */
  private final PriorityQueue<Deadline> deadlines = new PriorityQueue<>();
  /** Leases renewed since a checkpoint: their checkpoint must be cleared, or a restart would
   *  give them the old, shorter remainder. A set: one clear per lease, however many renewals. */
  private final Set<Long> renewedSinceCheckpoint = new LinkedHashSet<>();
  private boolean primary;

  Lessor(long checkpointIntervalMillis) {
    this.checkpointIntervalMillis = checkpointIntervalMillis;
  }

  boolean isPrimary() {
    return primary;
  }

  /** Becomes the leader's lessor: every lease gets its remaining (else full) TTL from now. */
  void promote(Collection<Lease> leases, long nowMillis) {
    primary = true;
    for (Lease lease : leases) {
      Clock clock = new Clock(lease.ttlSeconds(), lease.remainingTtlSeconds());
      clock.expiryMillis = nowMillis + lease.ttlOnPromotionSeconds() * 1000;
      put(lease.id(), clock);
    }
  }

  /** No longer the leader: another member's lessor keeps the clocks now. */
  void demote() {
    primary = false;
    clocks.clear();
    deadlines.clear();
    renewedSinceCheckpoint.clear();
  }

  /** A grant was applied: the lease runs from now, unless it is tracked already. */
  void granted(Lease lease, long nowMillis) {
    if (primary && !clocks.containsKey(lease.id())) {
      Clock clock = new Clock(lease.ttlSeconds(), 0);
      clock.expiryMillis = nowMillis + lease.ttlSeconds() * 1000;
      put(lease.id(), clock);
    }
  }

  /** A revoke was applied. */
  void revoked(long leaseId) {
    clocks.remove(leaseId);
    renewedSinceCheckpoint.remove(leaseId);
  }

  /**
   * A keepalive: the lease's TTL in seconds, or 0 when it is not granted or already expired (its
   * revoke is on its way; etcd answers an expired lease the same once the revoke is applied).
   * {@code stored} is the store's record of the lease, for one whose grant was applied but not
   * yet announced to this lessor.
   */
  long renew(long leaseId, Lease stored, long nowMillis) {
    Clock clock = clocks.get(leaseId);
    if (clock == null && stored != null) {
      granted(stored, nowMillis);
      clock = clocks.get(leaseId);
    }
    if (clock == null || clock.revoking || clock.expiryMillis <= nowMillis) {
      return 0;
    }
    clock.expiryMillis = nowMillis + clock.ttlSeconds * 1000;
    if (clock.checkpointedSeconds > 0) {
      renewedSinceCheckpoint.add(leaseId);
    }
    return clock.ttlSeconds;
  }

  /** Milliseconds left, or -1 when the lease is not tracked. */
  long remainingMillis(long leaseId, long nowMillis) {
    Clock clock = clocks.get(leaseId);
    return clock == null ? -1 : Math.max(0, clock.expiryMillis - nowMillis);
  }

  /**
   * Up to {@code max} leases that ran out, to revoke. Each is then left alone for
   * {@link #REVOKE_RETRY_MILLIS}, and offered again if its revoke has not been applied by then.
   */
  List<Long> expired(long nowMillis, int max) {
    List<Long> expired = new ArrayList<>();
    while (expired.size() < max && !deadlines.isEmpty() && deadlines.peek().atMillis <= nowMillis) {
      Deadline due = deadlines.poll();
      Clock clock = clocks.get(due.leaseId);
      if (clock == null) {
        continue; // revoked
      }
      if (clock.expiryMillis > due.atMillis) {
        deadlines.add(new Deadline(clock.expiryMillis, due.leaseId)); // renewed since
        continue;
      }
      clock.revoking = true;
      clock.expiryMillis = nowMillis + REVOKE_RETRY_MILLIS;
      deadlines.add(new Deadline(clock.expiryMillis, due.leaseId));
      expired.add(due.leaseId);
    }
    return expired;
  }

  /**
   * Up to {@code max} clears of the checkpoints of leases renewed since: a renewed lease has its
   * full TTL again, which a restart gives it when no checkpoint is stored. At most one per
   * checkpoint made, so bounded like {@link #checkpoints}.
   */
  List<LeaseCheckpoint> clears(int max) {
    List<LeaseCheckpoint> clears = new ArrayList<>();
    var renewed = renewedSinceCheckpoint.iterator();
    while (renewed.hasNext() && clears.size() < max) {
      long leaseId = renewed.next();
      renewed.remove();
      clocks.get(leaseId).checkpointedSeconds = 0;
      clears.add(checkpoint(leaseId, 0));
    }
    return clears;
  }

  /**
   * Up to {@code max} checkpoints to propose: the remaining TTL of each lease that a restart would
   * otherwise give at least one checkpoint interval more than it has. Called once per interval,
   * this bounds the log traffic to {@code max} checkpoints per interval, however many leases
   * there are; leases no longer than the interval are not checkpointed (a restart gives them at
   * most one interval more, as etcd gives every lease).
   */
  List<LeaseCheckpoint> checkpoints(long nowMillis, int max) {
    List<LeaseCheckpoint> checkpoints = new ArrayList<>();
    long intervalSeconds = Math.max(1, checkpointIntervalMillis / 1000);
    for (Map.Entry<Long, Clock> entry : clocks.entrySet()) {
      if (checkpoints.size() >= max) {
        break;
      }
      Clock clock = entry.getValue();
      long remaining = (clock.expiryMillis - nowMillis) / 1000;
      if (clock.revoking || clock.ttlSeconds <= intervalSeconds || remaining < 1
          || renewedSinceCheckpoint.contains(entry.getKey())) {
        continue;
      }
      long onRestart = clock.checkpointedSeconds > 0 ? clock.checkpointedSeconds : clock.ttlSeconds;
      if (onRestart - remaining >= intervalSeconds) {
        clock.checkpointedSeconds = remaining;
        checkpoints.add(checkpoint(entry.getKey(), remaining));
      }
    }
    return checkpoints;
  }

  private static LeaseCheckpoint checkpoint(long leaseId, long remainingSeconds) {
    return LeaseCheckpoint.newBuilder().setID(leaseId).setRemainingTTL(remainingSeconds).build();
  }

  private void put(long leaseId, Clock clock) {
    clocks.put(leaseId, clock);
    deadlines.add(new Deadline(clock.expiryMillis, leaseId));
  }

  /** One tracked lease. */
  private static final class Clock {
    final long ttlSeconds;
    /** The remaining TTL the log holds for it, as far as this lessor knows; 0: none. */
    long checkpointedSeconds;
    long expiryMillis;
    /** Expired, and its revoke proposed: renewals fail until the revoke is applied. */
    boolean revoking;

    Clock(long ttlSeconds, long checkpointedSeconds) {
      this.ttlSeconds = ttlSeconds;
      this.checkpointedSeconds = checkpointedSeconds;
    }
  }

  private record Deadline(long atMillis, long leaseId) implements Comparable<Deadline> {
    @Override
    public int compareTo(Deadline other) {
      return Long.compare(atMillis, other.atMillis);
    }
  }
}
