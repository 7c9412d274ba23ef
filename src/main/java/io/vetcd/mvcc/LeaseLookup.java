package io.vetcd.mvcc;

/** Tells whether a lease is granted, so that a put can refuse an unknown one as etcd does. */
@FunctionalInterface
public interface LeaseLookup {
  /** No lease exists: every put naming a lease fails with LEASE_NOT_FOUND. */
  LeaseLookup NONE = leaseId -> false;

  boolean exists(long leaseId);
}
