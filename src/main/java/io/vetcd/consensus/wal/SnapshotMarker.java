package io.vetcd.consensus.wal;

/** A snapshot covers the log up to {@code index} (whose term is {@code term}). */
public record SnapshotMarker(long index, long term) {
  public static final SnapshotMarker NONE = new SnapshotMarker(0, 0);

  public SnapshotMarker {
    if (index < 0 || term < 0) {
      throw new IllegalArgumentException("negative snapshot index or term: " + index + "/" + term);
    }
  }
}
