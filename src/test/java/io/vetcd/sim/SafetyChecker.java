package io.vetcd.sim;

import io.vetcd.raft.Entry;
import io.vetcd.raft.StableLog;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The safety properties of Raft (paper Figure 3), checked as the members act:
 * election safety, log matching, leader completeness and state machine safety; plus the durability
 * that they rest on: a member never loses a committed entry it has held.
 */
final class SafetyChecker {
  private record IndexTerm(long index, long term) {}

  private record Predecessor(long prevTerm, Entry entry) {}

  /**
   * A committed entry and an upper bound of the term in which it was committed: the lowest term
   * of a member that reported it committed.
   */
  private record Committed(Entry entry, long termBound) {}

  private final TreeMap<Long, Long> leaderOfTerm = new TreeMap<>();
  /** Every (index, term) ever persisted, with the term before it: log matching by induction. */
  private final Map<IndexTerm, Predecessor> persisted = new HashMap<>();
  /** Entries known to be committed (from commit indexes and applies), by index. */
  private final TreeMap<Long, Committed> committed = new TreeMap<>();
  /** Per member, the highest committed index whose entry its log has held, contiguously from its snapshot. */
  private final Map<Long, Long> heldCommitted = new HashMap<>();
  long checks;

  /** Election safety: at most one leader per term (§5.2). */
  void onLeader(long node, long term) {
    checks++;
    Long previous = leaderOfTerm.putIfAbsent(term, node);
    if (previous != null && previous != node) {
      throw new SafetyViolation("election safety: term " + term + " has leaders " + previous
          + " and " + node);
    }
  }

  /**
   * Log matching (§5.3): an (index, term) pair identifies the entry and, inductively, the whole
   * log before it, so each pair must always come with the same content and the same previous term.
   */
  void onPersisted(long node, List<Entry> entries, StableLog storage) {
    for (Entry e : entries) {
      checks++;
      long prevTerm = e.index() - 1 >= storage.firstIndex() - 1 ? storage.term(e.index() - 1) : -1;
      Predecessor seen = persisted.putIfAbsent(new IndexTerm(e.index(), e.term()),
          new Predecessor(prevTerm, e));
      if (seen == null) {
        continue;
      }
      if (!sameEntry(seen.entry(), e)) {
        throw new SafetyViolation("log matching: member " + node + " has a different entry at index "
            + e.index() + " term " + e.term());
      }
      if (prevTerm != -1 && seen.prevTerm() != -1 && seen.prevTerm() != prevTerm) {
        throw new SafetyViolation("log matching: member " + node + " has entry " + e.index() + "/"
            + e.term() + " after term " + prevTerm + ", another log after term " + seen.prevTerm());
      }
    }
  }

  /** A member's commit index moved to {@code commit}: its persisted entries up to it are committed. */
  void onCommitIndex(long node, long term, long fromExclusive, long commit,
      StableLog storage) {
    long lo = Math.max(fromExclusive + 1, storage.firstIndex());
    long hi = Math.min(commit, storage.lastIndex());
    if (lo > hi) {
      return;
    }
    for (Entry e : storage.entries(lo, hi + 1, Long.MAX_VALUE)) {
      recordCommitted(node, term, e, "committed");
    }
  }

  /**
   * A member that held a committed entry, while its term was at least the term that committed
   * it, keeps it or a snapshot that covers it: every leader it can follow from then on has that
   * entry (leader completeness), so nothing may truncate it, and a member that drops it anyway (a
   * truncation on a stale append, a snapshot older than its log) may later vote for a leader
   * without it. (A member of a lower term may lose its copy to a stale leader's entries: its copy
   * did not count towards the commit.) Called after every change to the member's durable log and
   * term.
   */
  void onLogChanged(long node, StableLog storage) {
    checks++;
    long held = heldCommitted.getOrDefault(node, 0L);
    long snapshotIndex = storage.firstIndex() - 1;
    if (held > snapshotIndex && !holds(storage, held, Long.MAX_VALUE)) {
      throw new SafetyViolation("durability: member " + node + " lost committed entry " + held
          + " (its log now ends at " + storage.lastIndex() + ", snapshot " + snapshotIndex + ")");
    }
    long term = storage.hardState().term();
    long next = Math.max(held, snapshotIndex) + 1;
    while (holds(storage, next, term)) {
      next++;
    }
    heldCommitted.put(node, next - 1);
  }

  /** Whether the member holds the committed entry at {@code index}, committed by {@code term}. */
  private boolean holds(StableLog storage, long index, long term) {
    Committed c = committed.get(index);
    return c != null && c.termBound() <= term && index >= storage.firstIndex()
        && index <= storage.lastIndex() && storage.term(index) == c.entry().term();
  }


  /** State machine safety (§5.4.3): every member applies the same entry at an index. */
  void onApply(long node, long term, Entry e) {
    recordCommitted(node, term, e, "applied");
  }

  private void recordCommitted(long node, long term, Entry e, String how) {
    checks++;
    Committed c = committed.get(e.index());
    if (c == null || term < c.termBound()) {
      committed.put(e.index(), new Committed(c == null ? e : c.entry(), term));
    }
    Entry known = c == null ? null : c.entry();
    if (known != null && !sameEntry(known, e)) {
      throw new SafetyViolation("state machine safety: member " + node + " " + how + " entry "
          + e.index() + "/" + e.term() + " but " + known.index() + "/" + known.term()
          + " was committed there before");
    }
  }

  /**
   * Leader completeness (§5.4): an entry committed in term T is in the log of every leader of a
   * term above T. (A leader of a lower term may still appear late, and need not have it.)
   */
  void onBecameLeader(long node, long term, StableLog storage) {
    long snapshotIndex = storage.firstIndex() - 1;
    for (Map.Entry<Long, Committed> c : committed.tailMap(snapshotIndex, false).entrySet()) {
      checks++;
      long index = c.getKey();
      Entry e = c.getValue().entry();
      if (c.getValue().termBound() >= term) {
        continue;
      }
      if (index > storage.lastIndex() || storage.term(index) != e.term()) {
        throw new SafetyViolation("leader completeness: leader " + node + " of term " + term
            + " lacks entry " + index + "/" + e.term() + " committed by term "
            + c.getValue().termBound());
      }
    }
  }

  private static boolean sameEntry(Entry a, Entry b) {
    return a.term() == b.term() && a.index() == b.index() && a.type() == b.type()
        && Arrays.equals(a.data(), b.data());
  }
}
