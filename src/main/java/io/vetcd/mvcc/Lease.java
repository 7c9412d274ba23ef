package io.vetcd.mvcc;

/**
 * A granted lease as the replicated state holds it. {@code remainingTtlSeconds} is the last
 * remaining TTL the leader checkpointed through the log, 0 when none is (the lease then counts
 * from its full TTL when a leader takes it over, as etcd's).
 */
public record Lease(long id, long ttlSeconds, long remainingTtlSeconds) {
  /** etcd's lease.MaxLeaseTTL: a longer grant fails with "too large lease TTL". */
  public static final long MAX_TTL_SECONDS = 9_000_000_000L;

  /** The TTL a new leader gives the lease: the checkpointed remainder, else the full TTL. */
  public long ttlOnPromotionSeconds() {
    return remainingTtlSeconds > 0 ? remainingTtlSeconds : ttlSeconds;
  }
}
