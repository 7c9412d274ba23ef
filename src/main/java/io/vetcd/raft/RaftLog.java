package io.vetcd.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * The log as the core sees it: persisted entries in {@link RaftStorage} followed by the unstable
 * tail. Invariant: applied <= committed <= lastIndex(), and committed entries are only handed out
 * for apply once persisted (index < unstable offset).
 */
final class RaftLog {
  /** Returned by {@link #term} for an index that is compacted away or beyond the last entry. */
  static final long UNKNOWN_TERM = -1;

  private final RaftStorage storage;
  private final UnstableLog unstable;
  private long committed;
  private long applied;
  /** Conf changes up to here are already reflected in the membership (applied at start). */
  private long confChangesKnownThrough;

  RaftLog(RaftStorage storage) {
    this.storage = storage;
    this.unstable = new UnstableLog(storage.lastIndex() + 1);
    this.committed = storage.firstIndex() - 1;
    this.applied = committed;
  }

  long committed() {
    return committed;
  }

  long applied() {
    return applied;
  }

  long firstIndex() {
    long fromSnapshot = unstable.maybeFirstIndex();
    return fromSnapshot != -1 ? fromSnapshot : storage.firstIndex();
  }

  long lastIndex() {
    long fromUnstable = unstable.maybeLastIndex();
    return fromUnstable != -1 ? fromUnstable : storage.lastIndex();
  }

  long lastTerm() {
    return term(lastIndex());
  }

  long term(long index) {
    if (index < firstIndex() - 1 || index > lastIndex()) {
      return UNKNOWN_TERM;
    }
    long fromUnstable = unstable.maybeTerm(index);
    return fromUnstable != -1 ? fromUnstable : storage.term(index);
  }

  boolean matchTerm(long index, long term) {
    long t = term(index);
    return t != UNKNOWN_TERM && t == term;
  }

  /** Is a candidate whose log ends at (lastIndex, lastTerm) at least as up to date as ours? (§5.4.1) */
  boolean isUpToDate(long lastIndex, long lastTerm) {
    long ourTerm = lastTerm();
    return lastTerm > ourTerm || (lastTerm == ourTerm && lastIndex >= lastIndex());
  }

  /**
   * Appends a leader's entries that follow (index, logTerm), returning the new last index, or -1
   * if our log does not contain that entry (the consistency check of §5.3).
   */
  long maybeAppend(long index, long logTerm, long leaderCommit, List<Entry> entries,
      boolean truncateAfterLast) {
    if (!matchTerm(index, logTerm)) {
      return -1;
    }
    long lastNew = index + entries.size();
    if (truncateAfterLast) {
      truncateAfter(Math.max(lastNew, Math.max(applied, firstIndex())));
    }
    long conflict = findConflict(entries);
    if (conflict != 0) {
      if (conflict <= committed) {
        throw new IllegalStateException("entry " + conflict + " conflicts with committed entry "
            + committed);
      }
      append(entries.subList((int) (conflict - index - 1), entries.size()));
    }
    commitTo(Math.min(leaderCommit, lastNew));
    return lastNew;
  }

  /** {@link UnsafeBug#TRUNCATE_ON_STALE_APPEND}: drops every entry after {@code index}. */
  private void truncateAfter(long index) {
    if (index < lastIndex()) {
      unstable.truncateAndAppend(slice(index, index + 1, Long.MAX_VALUE));
      committed = Math.min(committed, index);
    }
  }

  long append(List<Entry> entries) {
    if (entries.isEmpty()) {
      return lastIndex();
    }
    long after = entries.get(0).index() - 1;
    if (after < committed) {
      throw new IllegalStateException("append after " + after + " is below commit " + committed);
    }
    unstable.truncateAndAppend(entries);
    return lastIndex();
  }

  /** The first entry whose index exists here with another term, or a new index; 0 if none. */
  private long findConflict(List<Entry> entries) {
    for (Entry e : entries) {
      if (!matchTerm(e.index(), e.term())) {
        return e.index();
      }
    }
    return 0;
  }

  /**
   * The largest index <= {@code index} whose term is <= {@code term}: where a leader that has
   * {@code term} at {@code index} should probe next (fast backtracking, etcd's findConflictByTerm).
   */
  long findConflictByTerm(long index, long term) {
    for (; index > 0; index--) {
      long t = term(index);
      if (t == UNKNOWN_TERM || t <= term) {
        return index;
      }
    }
    return 0;
  }

  /** Entries from {@code lo} to the end, cut at {@code maxSizeBytes}. Caller checks lo >= firstIndex. */
  List<Entry> entriesFrom(long lo, long maxSizeBytes) {
    if (lo > lastIndex()) {
      return List.of();
    }
    return slice(lo, lastIndex() + 1, maxSizeBytes);
  }

  List<Entry> slice(long lo, long hi, long maxSizeBytes) {
    if (lo < firstIndex() || hi > lastIndex() + 1) {
      throw new IllegalStateException("slice [" + lo + "," + hi + ") outside [" + firstIndex() + ","
          + (lastIndex() + 1) + ")");
    }
    if (lo >= hi) {
      return List.of();
    }
    List<Entry> result = new ArrayList<>();
    long split = unstable.offset();
    if (lo < split) {
      result.addAll(storage.entries(lo, Math.min(hi, split), maxSizeBytes));
      if (result.size() < Math.min(hi, split) - lo) {
        return result; // the size limit cut the stable part
      }
    }
    if (hi > split) {
      result.addAll(unstable.slice(Math.max(lo, split), hi));
    }
    return EntrySizes.limit(result, maxSizeBytes);
  }

  /** Committed, persisted entries not yet handed out for apply. */
  List<Entry> nextCommittedEntries(long maxSizeBytes) {
    long lo = Math.max(applied + 1, firstIndex());
    long hi = Math.min(committed, unstable.offset() - 1) + 1;
    return lo < hi ? slice(lo, hi, maxSizeBytes) : List.of();
  }

  boolean hasNextCommittedEntries() {
    long lo = Math.max(applied + 1, firstIndex());
    return lo <= Math.min(committed, unstable.offset() - 1);
  }

  List<Entry> unstableEntries() {
    return List.copyOf(unstable.entries());
  }

  boolean hasUnstableEntries() {
    return !unstable.entries().isEmpty();
  }

  Snapshot unstableSnapshot() {
    return unstable.snapshot();
  }

  Snapshot snapshot() {
    Snapshot pending = unstable.snapshot();
    return pending != null ? pending : storage.snapshot();
  }

  /** Commits up to {@code maxIndex} only if that entry is from {@code term} (§5.4.2). */
  boolean maybeCommit(long maxIndex, long term, boolean anyTerm) {
    if (maxIndex > committed && (anyTerm || term(maxIndex) == term)) {
      commitTo(maxIndex);
      return true;
    }
    return false;
  }

  void commitTo(long index) {
    if (index > committed) {
      if (index > lastIndex()) {
        throw new IllegalStateException("commit " + index + " is beyond last index " + lastIndex());
      }
      committed = index;
    }
  }

  void appliedTo(long index) {
    if (index == 0) {
      return;
    }
    if (index > committed || index < applied) {
      throw new IllegalStateException("applied " + index + " outside [" + applied + "," + committed
          + "]");
    }
    applied = index;
  }

  void stableTo(long index, long term) {
    unstable.stableTo(index, term);
  }

  void stableSnapTo(long index) {
    unstable.stableSnapTo(index);
  }

  void restore(Snapshot s) {
    committed = s.index();
    unstable.restore(s);
  }

  void confChangesKnownThrough(long index) {
    confChangesKnownThrough = index;
  }

  /** Any committed-but-unapplied conf change blocks a campaign (etcd does the same). */
  boolean hasUnappliedConfChange() {
    long lo = Math.max(Math.max(applied, confChangesKnownThrough) + 1, firstIndex());
    if (lo > committed) {
      return false;
    }
    for (Entry e : slice(lo, committed + 1, Long.MAX_VALUE)) {
      if (e.type() == EntryType.CONF_CHANGE) {
        return true;
      }
    }
    return false;
  }
}
