package io.vetcd.raft.quorum;

/** Outcome of counting votes (or acks) against a configuration. */
public enum VoteResult {
  PENDING,
  LOST,
  WON
}
