package io.vetcd.raft;

/** What a member currently does in the protocol. */
public enum Role {
  FOLLOWER,
  PRE_CANDIDATE,
  CANDIDATE,
  LEADER
}
