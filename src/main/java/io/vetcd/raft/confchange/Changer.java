package io.vetcd.raft.confchange;

import io.vetcd.raft.ConfChange;
import io.vetcd.raft.ConfState;
import io.vetcd.raft.tracker.ProgressTracker;
import java.util.TreeSet;

/**
 * Single-step membership changes (Raft thesis §4.1): each change adds or removes at most one
 * voter, so any majority of the old configuration overlaps any majority of the new one.
 */
public final class Changer {
  private Changer() {}

  /** Applies {@code cc} to the tracker; an invalid change throws and changes nothing. */
  public static void apply(ProgressTracker tracker, ConfChange cc, long nextIndex) {
    TreeSet<Long> voters = new TreeSet<>(tracker.voters());
    TreeSet<Long> learners = new TreeSet<>(tracker.learners());
    long id = cc.nodeId();
    switch (cc.type()) {
      case ADD_NODE -> {
        learners.remove(id);
        voters.add(id);
      }
      case ADD_LEARNER_NODE -> {
        voters.remove(id);
        learners.add(id);
      }
      case REMOVE_NODE -> {
        voters.remove(id);
        learners.remove(id);
      }
      case UPDATE_NODE -> {
        return;
      }
      default -> throw new IllegalArgumentException("unknown conf change " + cc.type());
    }
    if (voters.isEmpty()) {
      throw new IllegalArgumentException("conf change " + cc.type() + " " + id
          + " would remove all voters");
    }
    tracker.setConfiguration(voters, learners, nextIndex);
  }

  /** Sets the tracker to a snapshot's membership. */
  public static void restore(ProgressTracker tracker, ConfState cs, long nextIndex) {
    tracker.setConfiguration(new TreeSet<>(cs.voters()), new TreeSet<>(cs.learners()), nextIndex);
  }
}
