package io.vetcd.bus;

/**
 * Leases to renew or to look up, in one event-bus message. {@code forwarded}: a follower sent
 * them to this member as its leader, so they are answered here or refused, never forwarded
 * again. The array is never changed.
 */
public record LeaseIds(long[] ids, boolean forwarded) {
  /** Asked by a client of this member. */
  public static LeaseIds local(long[] ids) {
    return new LeaseIds(ids, false);
  }

  /** Asked by a follower, of this member as the leader it knows. */
  public static LeaseIds fromFollower(long[] ids) {
    return new LeaseIds(ids, true);
  }
}
