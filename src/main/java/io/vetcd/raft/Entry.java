package io.vetcd.raft;

/**
 * One Raft log entry. {@code data} is opaque to the core: the driver puts an encoded client
 * request (or a configuration change) in it; it is null for the empty entry a new leader appends
 * (and may come back empty rather than null from storage). Entries are immutable once created; the
 * array is never modified after construction.
 */
public record Entry(long term, long index, EntryType type, byte[] data) {
  public Entry {
    if (term < 0 || index < 0) {
      throw new IllegalArgumentException("negative term or index: " + term + "/" + index);
    }
  }
}
