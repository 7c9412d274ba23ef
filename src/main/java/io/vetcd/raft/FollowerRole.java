package io.vetcd.raft;

import java.util.List;

/** What followers, pre-candidates and candidates do with messages (other than vote requests). */
final class FollowerRole {
  private final Raft r;

  FollowerRole(Raft raft) {
    this.r = raft;
  }

  /**
   * Refuses a request: a local proposal or read (addressed to nobody yet) gets an exception; a
   * forwarded request or a transfer is just dropped.
   */
  static void drop(Message m, String reason) {
    if (m.to() == 0 && m.type() != MessageType.TRANSFER_LEADER) {
      throw new ProposalDroppedException(reason);
    }
  }

  void step(Message m) {
    if (r.role == Role.FOLLOWER) {
      stepFollower(m);
    } else {
      stepCandidate(m);
    }
  }

  private void stepFollower(Message m) {
    switch (m.type()) {
      case PROP -> {
        if (r.config.disableProposalForwarding()) {
          drop(m, "proposal forwarding is disabled");
        } else {
          forwardToLeader(m);
        }
      }
      case READ_INDEX, TRANSFER_LEADER -> forwardToLeader(m);
      case APP, HEARTBEAT, SNAP -> {
        r.electionElapsed = 0;
        r.lead = m.from();
        handleLeaderMessage(m);
      }
      case TIMEOUT_NOW -> r.hup(true);
      case READ_INDEX_RESP -> r.readStates.add(new ReadState(m.index(), m.context()));
      default -> { }
    }
  }

  private void forwardToLeader(Message m) {
    if (r.lead == 0) {
      drop(m, "no leader");
      return;
    }
    if (m.to() != 0) {
      return; // forwarded to us by a member that thought we lead: never bounce it on
    }
    r.send(m.withTo(r.lead));
  }

  private void stepCandidate(Message m) {
    MessageType myVoteResponse =
        r.role == Role.PRE_CANDIDATE ? MessageType.PRE_VOTE_RESP : MessageType.VOTE_RESP;
    switch (m.type()) {
      case PROP, READ_INDEX, TRANSFER_LEADER -> drop(m, "election in progress");
      case APP, HEARTBEAT, SNAP -> {
        // Someone won this term (§5.2): follow it.
        r.becomeFollower(m.term(), m.from());
        handleLeaderMessage(m);
      }
      case VOTE_RESP, PRE_VOTE_RESP -> {
        if (m.type() != myVoteResponse) {
          return;
        }
        r.tracker.recordVote(m.from(), !m.reject());
        switch (r.tracker.voteResult()) {
          case WON -> r.electionWon();
          case LOST -> r.becomeFollower(r.term, 0);
          case PENDING -> { }
        }
      }
      default -> { }
    }
  }

  private void handleLeaderMessage(Message m) {
    switch (m.type()) {
      case APP -> handleAppendEntries(m);
      case HEARTBEAT -> handleHeartbeat(m);
      case SNAP -> handleSnapshot(m);
      default -> throw new IllegalStateException("not a leader message: " + m.type());
    }
  }

  private void handleAppendEntries(Message m) {
    boolean truncateAfterLast = r.bug == UnsafeBug.TRUNCATE_ON_STALE_APPEND;
    if (m.index() < r.log.committed() && !truncateAfterLast) {
      sendAppendResponse(m.from(), r.log.committed(), false, 0, 0);
      return;
    }
    long lastNew = r.log.maybeAppend(m.index(), m.logTerm(), m.commit(), m.entries(),
        truncateAfterLast);
    if (lastNew >= 0) {
      sendAppendResponse(m.from(), lastNew, false, 0, 0);
      return;
    }
    // Tell the leader where our log might match, so it skips whole terms (fast backtracking).
    long hintIndex = r.log.findConflictByTerm(Math.min(m.index(), r.log.lastIndex()), m.logTerm());
    long hintTerm = Math.max(0, r.log.term(hintIndex));
    sendAppendResponse(m.from(), m.index(), true, hintIndex, hintTerm);
  }

  private void sendAppendResponse(long to, long index, boolean reject, long hint, long hintTerm) {
    r.send(new Message(MessageType.APP_RESP, to, r.id, r.term, hintTerm, index, List.of(), 0, null,
        reject, hint, null));
  }

  private void handleHeartbeat(Message m) {
    r.log.commitTo(m.commit());
    r.send(new Message(MessageType.HEARTBEAT_RESP, m.from(), r.id, r.term, 0, 0, List.of(), 0, null,
        false, 0, m.context()));
  }

  private void handleSnapshot(Message m) {
    if (r.restore(m.snapshot())) {
      sendAppendResponse(m.from(), r.log.lastIndex(), false, 0, 0);
    } else {
      sendAppendResponse(m.from(), r.log.committed(), false, 0, 0);
    }
  }
}
