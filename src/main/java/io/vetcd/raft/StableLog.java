package io.vetcd.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * The member's Raft log as the core reads it (etcd's MemoryStorage): the hard state and the
 * entries the driver has already made durable in the WAL, held in memory from the last log
 * compaction on. It is the production log, not a test fake; the WAL is its durable copy.
 * Not thread-safe: only the Raft driver touches it.
 */
public final class StableLog implements RaftStorage {
  private HardState hardState = HardState.EMPTY;
  private Snapshot snapshot;
  /** entries.get(0) is a placeholder at the snapshot's index and term, so term(first - 1) works. */
  private final ArrayList<Entry> entries = new ArrayList<>();

  /**
   * A founding member of a new cluster whose initial membership is {@code confState}. As in
   * etcd, the membership is written as committed conf change entries at indexes 1..n (term 1),
   * so that a member joining later learns it from the log like any other change.
   */
  public StableLog(ConfState confState) {
    this(foundingChanges(confState));
  }

  /**
   * As above, with the founding conf changes given: their contexts carry what the application
   * records about each member (etcd puts the member's name and peer URLs there).
   */
  public StableLog(List<ConfChange> founding) {
    resetTo(new Snapshot(0, 0, ConfState.EMPTY, new byte[0]));
    List<Entry> bootstrap = new ArrayList<>();
    for (ConfChange cc : founding) {
      bootstrap.add(new Entry(1, bootstrap.size() + 1, EntryType.CONF_CHANGE, cc.toBytes()));
    }
    append(bootstrap);
    if (!bootstrap.isEmpty()) {
      hardState = new HardState(1, 0, bootstrap.size());
    }
  }

  /** The conf change entries that found a cluster with membership {@code cs}. */
  public static List<Entry> bootstrapEntries(ConfState cs) {
    List<Entry> withPlaceholder = new StableLog(cs).entries;
    return List.copyOf(withPlaceholder.subList(1, withPlaceholder.size()));
  }

  private static List<ConfChange> foundingChanges(ConfState cs) {
    List<ConfChange> out = new ArrayList<>();
    cs.voters().forEach(id -> out.add(new ConfChange(ConfChangeType.ADD_NODE, id)));
    cs.learners().forEach(id -> out.add(new ConfChange(ConfChangeType.ADD_LEARNER_NODE, id)));
    return out;
  }

  /** A member joining an existing cluster: empty log, no membership; it learns both from the leader. */
  public StableLog() {
    this(ConfState.EMPTY);
  }

  @Override
  public InitialState initialState() {
    return new InitialState(hardState, snapshot.confState());
  }

  public HardState hardState() {
    return hardState;
  }

  public void setHardState(HardState state) {
    hardState = state;
  }

  @Override
  public List<Entry> entries(long lo, long hi, long maxSizeBytes) {
    long offset = entries.get(0).index();
    if (lo <= offset || hi > lastIndex() + 1 || lo > hi) {
      throw new IllegalArgumentException("entries [" + lo + "," + hi + ") outside (" + offset + ","
          + lastIndex() + "]");
    }
    List<Entry> slice = entries.subList((int) (lo - offset), (int) (hi - offset));
    return List.copyOf(EntrySizes.limit(slice, maxSizeBytes));
  }

  @Override
  public long term(long index) {
    long offset = entries.get(0).index();
    if (index < offset || index > lastIndex()) {
      throw new IllegalArgumentException("term of " + index + " outside [" + offset + ","
          + lastIndex() + "]");
    }
    return entries.get((int) (index - offset)).term();
  }

  @Override
  public long firstIndex() {
    return entries.get(0).index() + 1;
  }

  @Override
  public long lastIndex() {
    return entries.get(0).index() + entries.size() - 1;
  }

  @Override
  public Snapshot snapshot() {
    return snapshot;
  }

  @Override
  public void compact(Snapshot newSnapshot) {
    long offset = entries.get(0).index();
    if (newSnapshot.index() <= offset) {
      return;
    }
    if (newSnapshot.index() > lastIndex()) {
      throw new IllegalArgumentException("compact " + newSnapshot.index() + " beyond last index "
          + lastIndex());
    }
    List<Entry> kept = new ArrayList<>(entries.subList((int) (newSnapshot.index() - offset) + 1,
        entries.size()));
    entries.clear();
    entries.add(placeholder(newSnapshot));
    entries.addAll(kept);
    snapshot = newSnapshot;
  }

  /** Replaces the whole log with a snapshot received from the leader. */
  public void applySnapshot(Snapshot newSnapshot) {
    if (newSnapshot.index() <= snapshot.index()) {
      throw new IllegalArgumentException("snapshot " + newSnapshot.index() + " is older than "
          + snapshot.index());
    }
    resetTo(newSnapshot);
  }

  /**
   * Appends persisted entries; an entry whose index is already present replaces it and everything
   * after it (the leader overwrote a conflicting suffix).
   */
  public void append(List<Entry> newEntries) {
    if (newEntries.isEmpty()) {
      return;
    }
    long offset = entries.get(0).index();
    long first = newEntries.get(0).index();
    if (first > lastIndex() + 1) {
      throw new IllegalArgumentException("gap: appending " + first + " after " + lastIndex());
    }
    int skip = 0;
    if (first <= offset) { // already covered by the snapshot
      skip = (int) (offset + 1 - first);
      if (skip >= newEntries.size()) {
        return;
      }
      first = offset + 1;
    }
    int keep = (int) (first - offset);
    while (entries.size() > keep) {
      entries.remove(entries.size() - 1);
    }
    entries.addAll(newEntries.subList(skip, newEntries.size()));
  }

  private void resetTo(Snapshot newSnapshot) {
    snapshot = newSnapshot;
    entries.clear();
    entries.add(placeholder(newSnapshot));
  }

  private static Entry placeholder(Snapshot s) {
    return new Entry(s.term(), s.index(), EntryType.NORMAL, null);
  }
}
