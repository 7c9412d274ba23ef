package io.vetcd.bus;

import io.vetcd.errors.EtcdError;

/**
 * The lease verticle's answer to {@link LeaseIds}: one TTL per id, in order, or an
 * error for them all (this member is not the leader). The array is never changed.
 */
public record LeaseTtls(long[] ttls, EtcdError error) {
  public static LeaseTtls of(long[] ttls) {
    return new LeaseTtls(ttls, null);
  }

  public static LeaseTtls failed(EtcdError error) {
    return new LeaseTtls(null, error);
  }
}
