package io.vetcd.mvcc;

import com.google.protobuf.ByteString;
import java.util.List;

/**
 * The lease table inside the transaction that applies a batch: leases and the keys attached to
 * them change together with the keys themselves, so a crash never separates them.
 */
public interface LeaseWriteView extends LeaseLookup {

  /** The lease, or null when it is not granted. */
  Lease get(long leaseId);

  @Override
  default boolean exists(long leaseId) {
    return get(leaseId) != null;
  }

  /** Grants the lease, or replaces its record (a checkpoint). */
  void put(Lease lease);

  /** Forgets the lease; its keys must have been detached (deleted) before. */
  void delete(long leaseId);

  void attach(long leaseId, ByteString key);

  void detach(long leaseId, ByteString key);

  /** The keys attached to the lease, in ascending byte order (etcd revokes in that order). */
  List<ByteString> keys(long leaseId);
}
