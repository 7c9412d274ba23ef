package io.vetcd.raft;

/**
 * Deliberate bugs that real Raft implementations have shipped, planted to prove that the
 * simulator's checkers can fail. Only a package-private {@link RaftCore} constructor accepts
 * one, and the simulator's driver model reads the ones that break the {@link Ready} contract;
 * production code always runs {@link #NONE}.
 */
public enum UnsafeBug {
  NONE,
  /** A voter grants a second vote in the same term (breaks election safety, §5.2). */
  DOUBLE_VOTE,
  /**
   * A leader commits entries of earlier terms by counting replicas, and appends no entry of its
   * own when elected: the situation of the paper's Figure 8 (§5.4.2).
   */
  COMMIT_PREVIOUS_TERM,
  /** A leader answers ReadIndex without confirming leadership (stale reads, §6.4). */
  READ_WITHOUT_QUORUM,
  /**
   * Driver: vote responses and term changes go out before the hard state is fsynced, so a crash
   * forgets a vote already given and the member votes again in that term.
   */
  VOTE_BEFORE_PERSIST,
  /** Driver: entries are applied as soon as they are persisted, before they are committed. */
  APPLY_BEFORE_COMMIT,
  /** A follower installs a snapshot older than its commit index, rolling its state back. */
  STALE_SNAPSHOT,
  /** A leader counts learners' acknowledgements towards the voters' commit quorum. */
  LEARNER_IN_QUORUM,
  /**
   * A leader answers ReadIndex from its lease although it does not run check-quorum, so nothing
   * tells it that it has been deposed (thesis §6.4.1 requires bounded clock drift and
   * check-quorum).
   */
  LEASE_READ_WITHOUT_CHECK_QUORUM,
  /**
   * A follower truncates its log after the last entry of an append instead of only at a
   * conflict, so a delayed, stale append erases entries that were already committed.
   */
  TRUNCATE_ON_STALE_APPEND
}
