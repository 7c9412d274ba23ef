package io.vetcd.raft;

/**
 * Deliberate protocol bugs, reachable only from tests in this package, that prove the simulator's
 * checkers can fail. Production code always runs {@link #NONE}.
 */
enum UnsafeBug {
  NONE,
  /** A voter grants a second vote in the same term (breaks election safety, §5.2). */
  DOUBLE_VOTE,
  /**
   * A leader commits entries of earlier terms by counting replicas, and appends no entry of its
   * own when elected: the situation of the paper's Figure 8 (§5.4.2).
   */
  COMMIT_PREVIOUS_TERM,
  /** A leader answers ReadIndex without confirming leadership (stale reads, §6.4). */
  READ_WITHOUT_QUORUM
}
