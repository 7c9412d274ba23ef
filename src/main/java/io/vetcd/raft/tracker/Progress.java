package io.vetcd.raft.tracker;

/**
 * What the leader knows about one follower. Invariant: 0 <= match < next.
 */
public final class Progress {
  private long match;
  private long next;
  private ProgressState state = ProgressState.PROBE;
  /** In SNAPSHOT state: the index of the snapshot being sent. */
  private long pendingSnapshot;
  /** Leader ticks spent in SNAPSHOT state; a lost snapshot is retried after a timeout. */
  private int snapshotTicks;
  /** Heard from since the last check-quorum round. */
  private boolean recentActive;
  /** In PROBE state: an append is outstanding, so wait for its answer (or a heartbeat reply). */
  private boolean probeSent;
  private boolean learner;
  private final Inflights inflights;

  public Progress(long next, int maxInflight, boolean learner) {
    this.next = Math.max(next, 1);
    this.learner = learner;
    this.inflights = new Inflights(maxInflight);
  }

  public long match() {
    return match;
  }

  public long next() {
    return next;
  }

  public ProgressState state() {
    return state;
  }

  public long pendingSnapshot() {
    return pendingSnapshot;
  }

  public boolean recentActive() {
    return recentActive;
  }

  public void setRecentActive(boolean active) {
    recentActive = active;
  }

  public boolean isLearner() {
    return learner;
  }

  public void setLearner(boolean isLearner) {
    learner = isLearner;
  }

  public Inflights inflights() {
    return inflights;
  }

  /** Forgets everything (a new leader term): probe from {@code nextIndex}. */
  public void reset(long matchIndex, long nextIndex) {
    resetState(ProgressState.PROBE);
    match = matchIndex;
    next = Math.max(nextIndex, matchIndex + 1);
  }

  public void becomeProbe() {
    if (state == ProgressState.SNAPSHOT) {
      long sent = pendingSnapshot;
      resetState(ProgressState.PROBE);
      next = Math.max(match + 1, sent + 1);
    } else {
      resetState(ProgressState.PROBE);
      next = match + 1;
    }
  }

  public void becomeReplicate() {
    resetState(ProgressState.REPLICATE);
    next = match + 1;
  }

  public void becomeSnapshot(long snapshotIndex) {
    resetState(ProgressState.SNAPSHOT);
    pendingSnapshot = snapshotIndex;
  }

  /**
   * The driver could not deliver the snapshot: forget it, so the next probe starts from what the
   * follower acknowledged (etcd's ReportSnapshot with SnapshotFailure).
   */
  public void snapshotFailed() {
    if (state == ProgressState.SNAPSHOT) {
      pendingSnapshot = 0;
    }
  }

  /** Counts a leader tick in SNAPSHOT state; true once the snapshot should be considered lost. */
  public boolean snapshotTimedOut(int timeoutTicks) {
    return state == ProgressState.SNAPSHOT && ++snapshotTicks >= timeoutTicks;
  }

  /** The follower acknowledged {@code index}; returns whether match moved. */
  public boolean maybeUpdate(long index) {
    boolean updated = false;
    if (match < index) {
      match = index;
      updated = true;
      probeSent = false;
    }
    next = Math.max(next, index + 1);
    return updated;
  }

  /** Pipelining: assume the append of entries up to {@code lastSent} will succeed. */
  public void sentEntries(long lastSent) {
    switch (state) {
      case REPLICATE -> {
        next = lastSent + 1;
        inflights.add(lastSent);
      }
      case PROBE -> probeSent = true;
      default -> throw new IllegalStateException("sending entries in state " + state);
    }
  }

  /** An empty probe (no entries) also waits for its answer. */
  public void sentProbe() {
    if (state == ProgressState.PROBE) {
      probeSent = true;
    }
  }

  /** A heartbeat answer means the follower is reachable: allow the next probe. */
  public void heardFrom() {
    recentActive = true;
    probeSent = false;
  }

  /**
   * The follower rejected an append at {@code rejected}; {@code matchHint} says where its log may
   * match. Returns false if the rejection is stale.
   */
  public boolean maybeDecrTo(long rejected, long matchHint) {
    if (state == ProgressState.REPLICATE) {
      if (rejected <= match) {
        return false;
      }
      next = match + 1;
      return true;
    }
    if (next - 1 != rejected) {
      return false;
    }
    next = Math.max(Math.min(rejected, matchHint + 1), match + 1);
    probeSent = false;
    return true;
  }

  public boolean isPaused() {
    return switch (state) {
      case PROBE -> probeSent;
      case REPLICATE -> inflights.full();
      case SNAPSHOT -> true;
    };
  }

  private void resetState(ProgressState newState) {
    probeSent = false;
    pendingSnapshot = 0;
    snapshotTicks = 0;
    state = newState;
    inflights.reset();
  }

  @Override
  public String toString() {
    return state + " match=" + match + " next=" + next + (learner ? " learner" : "")
        + (state == ProgressState.SNAPSHOT ? " snap=" + pendingSnapshot : "")
        + " inflight=" + inflights.count();
  }
}
