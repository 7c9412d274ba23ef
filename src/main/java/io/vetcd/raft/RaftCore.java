package io.vetcd.raft;

import io.vetcd.raft.tracker.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * One Raft member as a pure, single-threaded state machine, in the style of etcd-io/raft's
 * RawNode: feed it ticks, messages and requests; take a {@link Ready}; persist, send and apply
 * it as its javadoc says; then {@link #advance(Ready)}. No I/O, no clock, no threads: the same
 * inputs always give the same outputs. Not thread-safe.
 */
public final class RaftCore {
  private final Raft raft;
  private final RaftStorage storage;
  private SoftState prevSoftState;
  private HardState prevHardState;

  public RaftCore(RaftConfig config, RaftStorage storage) {
    this(config, storage, UnsafeBug.NONE);
  }

  RaftCore(RaftConfig config, RaftStorage storage, UnsafeBug bug) {
    this.storage = storage;
    this.raft = new Raft(config, storage, bug);
    this.prevSoftState = raft.softState();
    this.prevHardState = storage.initialState().hardState();
  }

  /** Advances logical time by one tick (elections, heartbeats, timeouts). */
  public void tick() {
    raft.tick();
  }

  /** Delivers a message from another member. */
  public void step(Message m) {
    if (m.from() == raft.id || (m.term() == 0 && !isForwardedRequest(m))) {
      throw new IllegalArgumentException("not a peer message: " + m);
    }
    raft.step(m);
  }

  private static boolean isForwardedRequest(Message m) {
    return m.type() == MessageType.PROP || m.type() == MessageType.READ_INDEX
        || m.type() == MessageType.TRANSFER_LEADER;
  }

  /** Proposes data to be appended to the log; throws {@link ProposalDroppedException}. */
  public void propose(byte[] data) {
    raft.step(localRequest(MessageType.PROP, raft.id, List.of(new Entry(0, 0, EntryType.NORMAL, data)),
        null));
  }

  /**
   * Proposes several entries at once: they are appended together and replicated in one append
   * message per follower (the driver's group commit of concurrent requests).
   */
  public void proposeBatch(List<byte[]> data) {
    if (data.isEmpty()) {
      return;
    }
    List<Entry> entries = new ArrayList<>(data.size());
    for (byte[] d : data) {
      entries.add(new Entry(0, 0, EntryType.NORMAL, d));
    }
    raft.step(localRequest(MessageType.PROP, raft.id, entries, null));
  }

  /** Proposes a membership change; it takes effect when applied ({@link #applyConfChange}). */
  public void proposeConfChange(ConfChange cc) {
    raft.step(localRequest(MessageType.PROP, raft.id,
        List.of(new Entry(0, 0, EntryType.CONF_CHANGE, cc.toBytes())), null));
  }

  /**
   * Asks for a linearizable read point; the answer comes back as a {@link ReadState} with the
   * same context (which the caller makes unique). Throws {@link ProposalDroppedException} if no
   * leader is known.
   */
  public void readIndex(byte[] context) {
    if (context == null) {
      throw new IllegalArgumentException("a read needs a context");
    }
    raft.step(localRequest(MessageType.READ_INDEX, raft.id, List.of(), context));
  }

  /** Asks the leader to hand leadership to {@code transferee}; silently ignored if impossible. */
  public void transferLeader(long transferee) {
    if (raft.role == Role.LEADER || raft.lead != 0) {
      raft.step(localRequest(MessageType.TRANSFER_LEADER, transferee, List.of(), null));
    }
  }

  /**
   * The driver delivered the snapshot a SNAP message asked it to send to {@code to}, or failed
   * to (etcd's ReportSnapshot): the leader then probes that follower again. Ignored by a member
   * that is no longer leader or no longer sending that follower a snapshot.
   */
  public void reportSnapshot(long to, boolean delivered) {
    raft.reportSnapshot(to, delivered);
  }

  /**
   * The process of {@code peer} is gone (the driver's stream to it broke and its port refuses
   * connections): if it was this follower's leader, the follower campaigns within half an
   * election timeout rather than waiting out a full one.
   */
  public void leaderGone(long peer) {
    raft.leaderGone(peer);
  }

  /** Starts an election now (a pre-election first if pre-vote is on). */
  public void campaign() {
    raft.hup(false);
  }

  private Message localRequest(MessageType type, long from, List<Entry> entries, byte[] context) {
    return new Message(type, 0, from, 0, 0, 0, entries, 0, null, false, 0, context);
  }

  public boolean hasReady() {
    return !raft.msgs.isEmpty()
        || raft.lead != prevSoftState.leader() || raft.role != prevSoftState.role()
        || hardStateChanged()
        || raft.log.unstableSnapshot() != null
        || raft.log.hasUnstableEntries()
        || !raft.readStates.isEmpty()
        || raft.log.hasNextCommittedEntries();
  }

  /** Compares field by field: hasReady runs for every member at every step of a simulation. */
  private boolean hardStateChanged() {
    long commit = raft.log.committed();
    boolean empty = raft.term == 0 && raft.vote == 0 && commit == 0;
    return !empty && (raft.term != prevHardState.term() || raft.vote != prevHardState.vote()
        || commit != prevHardState.commit());
  }

  /** The work accumulated since the last Ready; call {@link #advance} before the next one. */
  public Ready ready() {
    SoftState soft = raft.softState();
    HardState hard = raft.hardState();
    List<Entry> entries = raft.log.unstableEntries();
    Snapshot snapshot = raft.log.unstableSnapshot();
    boolean hardChanged = !hard.equals(prevHardState);
    boolean mustSync = !entries.isEmpty() || snapshot != null
        || hard.term() != prevHardState.term() || hard.vote() != prevHardState.vote();
    Ready rd = new Ready(
        soft.equals(prevSoftState) ? null : soft,
        hardChanged ? hard : null,
        entries,
        snapshot,
        raft.log.nextCommittedEntries(raft.config.maxCommittedSizePerReady()),
        raft.msgs.isEmpty() ? List.of() : List.copyOf(raft.msgs),
        raft.readStates.isEmpty() ? List.of() : List.copyOf(raft.readStates),
        mustSync);
    raft.msgs.clear();
    raft.readStates.clear();
    prevSoftState = soft;
    return rd;
  }

  /** Acknowledges that {@code rd} was persisted, sent and handed off for apply. */
  public void advance(Ready rd) {
    if (rd.hardState() != null) {
      prevHardState = rd.hardState();
    }
    if (rd.snapshot() != null) {
      raft.log.appliedTo(rd.snapshot().index());
      raft.log.stableSnapTo(rd.snapshot().index());
    }
    if (!rd.committedEntries().isEmpty()) {
      raft.log.appliedTo(rd.committedEntries().get(rd.committedEntries().size() - 1).index());
    }
    if (!rd.entries().isEmpty()) {
      Entry last = rd.entries().get(rd.entries().size() - 1);
      raft.log.stableTo(last.index(), last.term());
    }
  }

  /**
   * Applies a committed conf change entry's change (call it in apply order) and returns the
   * resulting membership, which the driver stores with its next snapshot.
   */
  public ConfState applyConfChange(ConfChange cc) {
    return raft.applyConfChange(cc);
  }

  /**
   * The driver saved a snapshot of its state machine at {@code index} (<= applied) holding
   * membership {@code cs}: it becomes the snapshot sent to lagging followers, and the log up to
   * {@code index} may be dropped.
   */
  public void compact(long index, byte[] snapshotData, ConfState cs) {
    if (index > raft.log.applied()) {
      throw new IllegalArgumentException("compact at " + index + " beyond applied "
          + raft.log.applied());
    }
    if (index <= storage.snapshot().index()) {
      return;
    }
    storage.compact(new Snapshot(index, raft.log.term(index), cs, snapshotData));
  }

  public Status status() {
    TreeMap<Long, Status.ProgressStatus> progress = new TreeMap<>();
    if (raft.role == Role.LEADER) {
      raft.tracker.progress().forEach((id, pr) -> progress.put(id, statusOf(pr)));
    }
    return new Status(raft.id, raft.term, raft.vote, raft.log.committed(), raft.log.applied(),
        raft.log.lastIndex(), raft.lead, raft.role, raft.leadTransferee, raft.tracker.confState(),
        progress);
  }

  private static Status.ProgressStatus statusOf(Progress pr) {
    return new Status.ProgressStatus(pr.match(), pr.next(), pr.state(), pr.isLearner());
  }

  /** Entries in [lo, hi) of this member's log, persisted or not (for checkers and debugging). */
  public List<Entry> logEntries(long lo, long hi) {
    return new ArrayList<>(raft.log.slice(Math.max(lo, raft.log.firstIndex()),
        Math.min(hi, raft.log.lastIndex() + 1), Long.MAX_VALUE));
  }
}
