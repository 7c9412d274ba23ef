package io.vetcd.raft;

import io.vetcd.raft.tracker.ProgressState;
import java.util.SortedMap;

/** A snapshot of a member's Raft state for monitoring and tests. */
public record Status(
    long id,
    long term,
    long vote,
    long commit,
    long applied,
    long lastIndex,
    long leader,
    Role role,
    long leadTransferee,
    ConfState confState,
    SortedMap<Long, ProgressStatus> progress) {

  /** The leader's view of one member (empty map on non-leaders). */
  public record ProgressStatus(long match, long next, ProgressState state, boolean learner) {}
}
