package io.vetcd.raft;

import java.util.random.RandomGenerator;

/**
 * How one member runs the protocol. Time is counted in {@link RaftCore#tick()} calls.
 *
 * @param id this member's id, not 0 (0 means "none"); etcd ids are unsigned 64-bit, so any other long is valid
 * @param electionTicks a follower that hears nothing from a leader for a random number of ticks
 *     in [electionTicks, 2 * electionTicks) starts an election; must exceed heartbeatTicks
 *     (etcd's advice: about 10 times)
 * @param heartbeatTicks a leader sends heartbeats this often
 * @param preVote run a pre-election first (thesis §9.6), so that a member that was partitioned
 *     away does not raise the term and depose a healthy leader when it returns
 * @param checkQuorum a leader steps down when it has not heard from a quorum for electionTicks,
 *     and members ignore vote requests while they believe a leader is alive (leader lease)
 * @param maxInflightMsgs append messages in flight per follower in REPLICATE state: the window
 *     bounds memory on the leader and how much is resent after a loss
 * @param maxSizePerMsg bytes of entries per append message (at least one entry is sent)
 * @param random the only source of randomness (election timeouts); seed it to replay a run
 * @param applied the index the application had already applied on restart (0: the snapshot's)
 * @param maxCommittedSizePerReady bytes of committed entries per Ready (at least one entry)
 * @param disableProposalForwarding a follower drops proposals instead of forwarding to the leader
 */
public record RaftConfig(
    long id,
    int electionTicks,
    int heartbeatTicks,
    boolean preVote,
    boolean checkQuorum,
    int maxInflightMsgs,
    long maxSizePerMsg,
    RandomGenerator random,
    long applied,
    long maxCommittedSizePerReady,
    boolean disableProposalForwarding) {

  public RaftConfig {
    if (id == 0) {
      throw new IllegalArgumentException("id must not be 0 (none)");
    }
    if (heartbeatTicks <= 0 || electionTicks <= heartbeatTicks) {
      throw new IllegalArgumentException("need 0 < heartbeatTicks < electionTicks");
    }
    if (maxInflightMsgs <= 0 || maxSizePerMsg <= 0 || maxCommittedSizePerReady <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
    if (random == null) {
      throw new IllegalArgumentException("a random generator is required");
    }
  }

  /** etcd's defaults: 10 election ticks, 1 heartbeat tick, pre-vote and check-quorum on. */
  public static RaftConfig defaults(long id, RandomGenerator random) {
    return new RaftConfig(id, 10, 1, true, true, 256, 1024 * 1024, random, 0, 64L * 1024 * 1024,
        false);
  }

  public RaftConfig withTicks(int election, int heartbeat) {
    return new RaftConfig(id, election, heartbeat, preVote, checkQuorum, maxInflightMsgs,
        maxSizePerMsg, random, applied, maxCommittedSizePerReady, disableProposalForwarding);
  }

  public RaftConfig withPreVote(boolean enabled) {
    return new RaftConfig(id, electionTicks, heartbeatTicks, enabled, checkQuorum, maxInflightMsgs,
        maxSizePerMsg, random, applied, maxCommittedSizePerReady, disableProposalForwarding);
  }

  public RaftConfig withCheckQuorum(boolean enabled) {
    return new RaftConfig(id, electionTicks, heartbeatTicks, preVote, enabled, maxInflightMsgs,
        maxSizePerMsg, random, applied, maxCommittedSizePerReady, disableProposalForwarding);
  }

  public RaftConfig withFlowControl(int inflightMsgs, long sizePerMsg) {
    return new RaftConfig(id, electionTicks, heartbeatTicks, preVote, checkQuorum, inflightMsgs,
        sizePerMsg, random, applied, maxCommittedSizePerReady, disableProposalForwarding);
  }

  public RaftConfig withApplied(long appliedIndex) {
    return new RaftConfig(id, electionTicks, heartbeatTicks, preVote, checkQuorum, maxInflightMsgs,
        maxSizePerMsg, random, appliedIndex, maxCommittedSizePerReady, disableProposalForwarding);
  }
}
