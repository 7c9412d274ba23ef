package io.vetcd.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * Entries (and at most one incoming snapshot) that the core has accepted but the driver has not
 * yet persisted. Invariant: entries.get(i).index() == offset + i, and if a snapshot is present,
 * offset == snapshot.index() + 1.
 */
final class UnstableLog {
  private Snapshot snapshot;
  private final ArrayList<Entry> entries = new ArrayList<>();
  private long offset;

  UnstableLog(long offset) {
    this.offset = offset;
  }

  long offset() {
    return offset;
  }

  Snapshot snapshot() {
    return snapshot;
  }

  List<Entry> entries() {
    return entries;
  }

  /** The first log index known only from the pending snapshot, or -1. */
  long maybeFirstIndex() {
    return snapshot == null ? -1 : snapshot.index() + 1;
  }

  long maybeLastIndex() {
    if (!entries.isEmpty()) {
      return offset + entries.size() - 1;
    }
    return snapshot == null ? -1 : snapshot.index();
  }

  /** The term of {@code index} if this log knows it, else -1. */
  long maybeTerm(long index) {
    if (index < offset) {
      return snapshot != null && snapshot.index() == index ? snapshot.term() : -1;
    }
    long last = maybeLastIndex();
    if (last == -1 || index > last) {
      return -1;
    }
    return entries.get((int) (index - offset)).term();
  }

  /** Entries up to {@code index} were persisted; drop them unless they were replaced meanwhile. */
  void stableTo(long index, long term) {
    if (index < offset || maybeTerm(index) != term) {
      return;
    }
    entries.subList(0, (int) (index - offset) + 1).clear();
    offset = index + 1;
  }

  void stableSnapTo(long index) {
    if (snapshot != null && snapshot.index() == index) {
      snapshot = null;
    }
  }

  void restore(Snapshot s) {
    offset = s.index() + 1;
    entries.clear();
    snapshot = s;
  }

  void truncateAndAppend(List<Entry> newEntries) {
    long after = newEntries.get(0).index();
    if (after == offset + entries.size()) {
      entries.addAll(newEntries);
    } else if (after <= offset) {
      offset = after;
      entries.clear();
      entries.addAll(newEntries);
    } else {
      entries.subList((int) (after - offset), entries.size()).clear();
      entries.addAll(newEntries);
    }
  }

  List<Entry> slice(long lo, long hi) {
    if (lo < offset || hi > offset + entries.size()) {
      throw new IllegalStateException("unstable slice [" + lo + "," + hi + ") outside [" + offset
          + "," + (offset + entries.size()) + ")");
    }
    return new ArrayList<>(entries.subList((int) (lo - offset), (int) (hi - offset)));
  }
}
