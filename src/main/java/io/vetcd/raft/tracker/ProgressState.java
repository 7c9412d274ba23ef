package io.vetcd.raft.tracker;

/**
 * How the leader replicates to one follower (etcd's design.md). PROBE: one append at a time until
 * the follower's match point is found. REPLICATE: optimistic pipelining within the inflight
 * window. SNAPSHOT: waiting for a snapshot to be installed; no appends.
 */
public enum ProgressState {
  PROBE,
  REPLICATE,
  SNAPSHOT
}
