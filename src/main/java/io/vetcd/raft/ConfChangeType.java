package io.vetcd.raft;

/** Single-step membership changes; numbers match etcd's raftpb.ConfChangeType. */
public enum ConfChangeType {
  /** Adds a voter, or promotes an existing learner to voter. */
  ADD_NODE(0),
  REMOVE_NODE(1),
  /** Changes nothing in Raft; lets the application record new member metadata through the log. */
  UPDATE_NODE(2),
  /** Adds a learner (receives the log, never votes), or demotes a voter. */
  ADD_LEARNER_NODE(3);

  public final int number;

  ConfChangeType(int number) {
    this.number = number;
  }

  public static ConfChangeType of(int number) {
    for (ConfChangeType t : values()) {
      if (t.number == number) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown conf change type " + number);
  }
}
