package io.vetcd.bus;

/**
 * A {@link LeaseIds} request for the leader's lease clocks, from a follower: the peer transport
 * sends {@code ids} to member {@code leaderId} and asks its lease verticle at {@code address}
 * ({@link Addresses#LEASE_RENEW} or {@link Addresses#LEASE_REMAINING}). The array is never
 * changed.
 */
public record LeaseForward(long leaderId, String address, long[] ids) {}
