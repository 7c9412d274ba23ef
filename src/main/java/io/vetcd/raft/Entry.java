package io.vetcd.raft;

/**
 * One Raft log entry. {@code data} is opaque to the core: the driver puts an encoded client
 * request (or a configuration change) in it. Entries are immutable once created; the array is
 * never modified after construction.
 */
public record Entry(long term, long index, EntryType type, byte[] data) {
  private static final byte[] NO_DATA = new byte[0];

  public Entry {
    data = data == null ? NO_DATA : data;
    if (term < 0 || index < 0) {
      throw new IllegalArgumentException("negative term or index: " + term + "/" + index);
    }
  }
}
