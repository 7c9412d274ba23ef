package io.vetcd.raft;

import java.util.List;

/** Byte accounting for message and apply batch limits. */
final class EntrySizes {
  /** Fixed cost per entry: term, index and type on the wire. */
  private static final long ENTRY_OVERHEAD_BYTES = 24;

  private EntrySizes() {}

  static long size(Entry e) {
    return ENTRY_OVERHEAD_BYTES + (e.data() == null ? 0 : e.data().length);
  }

  /** The longest prefix within {@code maxSizeBytes}, but never empty if the input is not. */
  static List<Entry> limit(List<Entry> entries, long maxSizeBytes) {
    if (entries.isEmpty() || maxSizeBytes == Long.MAX_VALUE) {
      return entries;
    }
    long total = size(entries.get(0));
    int count = 1;
    while (count < entries.size()) {
      total += size(entries.get(count));
      if (total > maxSizeBytes) {
        break;
      }
      count++;
    }
    return count == entries.size() ? entries : entries.subList(0, count);
  }
}
