package io.vetcd.consensus.wal;

import java.util.Arrays;

/**
 * A snapshot covers the log up to {@code index} (whose term is {@code term}). {@code membership}
 * is the cluster's membership at that index, opaque to the WAL (the Raft driver encodes it): the
 * log before the marker may be gone, and with it the conf changes that made the membership.
 * It is empty in markers written before vetcd kept it.
 */
public record SnapshotMarker(long index, long term, byte[] membership) {
  public static final SnapshotMarker NONE = new SnapshotMarker(0, 0);

  public SnapshotMarker {
    if (index < 0 || term < 0) {
      throw new IllegalArgumentException("negative snapshot index or term: " + index + "/" + term);
    }
    membership = membership.clone();
  }

  public SnapshotMarker(long index, long term) {
    this(index, term, new byte[0]);
  }

  @Override
  public byte[] membership() {
    return membership.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SnapshotMarker other && index == other.index && term == other.term
        && Arrays.equals(membership, other.membership);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(index) * 31 + Arrays.hashCode(membership);
  }

  @Override
  public String toString() {
    return "SnapshotMarker[index=" + index + ", term=" + term + ", membership="
        + membership.length + " bytes]";
  }
}
