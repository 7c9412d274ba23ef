package io.vetcd.raft;

import io.vetcd.raft.quorum.MajorityConfig;
import io.vetcd.raft.quorum.VoteResult;
import io.vetcd.raft.tracker.Progress;
import io.vetcd.raft.tracker.ProgressState;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** What a leader does: replicate, commit, heartbeat, answer reads, hand over leadership. */
final class LeaderRole {
  private final Raft r;

  LeaderRole(Raft raft) {
    this.r = raft;
  }

  void tick() {
    r.heartbeatElapsed++;
    r.electionElapsed++;
    if (r.electionElapsed >= r.config.electionTicks()) {
      r.electionElapsed = 0;
      if (r.config.checkQuorum()) {
        if (!r.tracker.quorumActive(r.id)) {
          r.becomeFollower(r.term, 0); // we lost the quorum: stop acting as leader
          return;
        }
        r.tracker.progress().forEach((id, pr) -> pr.setRecentActive(id == r.id));
      }
      r.abortLeaderTransfer(); // a transfer not done within an election timeout is abandoned
    }
    for (Progress pr : r.tracker.progress().values()) {
      if (pr.snapshotTimedOut(2 * r.config.electionTicks())) {
        pr.becomeProbe(); // the snapshot was probably lost: probe again, which resends it
      }
    }
    if (r.heartbeatElapsed >= r.config.heartbeatTicks()) {
      r.heartbeatElapsed = 0;
      bcastHeartbeat(r.readOnly.lastPendingContext());
    }
  }

  void step(Message m) {
    switch (m.type()) {
      case PROP -> propose(m);
      case READ_INDEX -> readIndex(m);
      case TRANSFER_LEADER -> transferLeader(m.from());
      case APP_RESP -> {
        Progress pr = r.tracker.get(m.from());
        if (pr != null) {
          handleAppendResponse(m, pr);
        }
      }
      case HEARTBEAT_RESP -> {
        Progress pr = r.tracker.get(m.from());
        if (pr != null) {
          handleHeartbeatResponse(m, pr);
        }
      }
      default -> { } // stale votes, answers to an old role: nothing to do
    }
  }

  private void propose(Message m) {
    if (m.entries().isEmpty()) {
      throw new IllegalArgumentException("empty proposal");
    }
    if (r.tracker.get(r.id) == null) {
      FollowerRole.drop(m, "leader was removed from the cluster");
      return;
    }
    if (r.leadTransferee != 0) {
      FollowerRole.drop(m, "leadership transfer to " + r.leadTransferee + " in progress");
      return;
    }
    List<Entry> entries = new ArrayList<>(m.entries());
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i).type() != EntryType.CONF_CHANGE) {
        continue;
      }
      if (r.pendingConfIndex > r.log.applied()) {
        if (m.to() == 0) {
          throw new ProposalDroppedException("a conf change is still pending");
        }
        entries.set(i, new Entry(0, 0, EntryType.NORMAL, null)); // keep the batch's indexes
      } else {
        r.pendingConfIndex = r.log.lastIndex() + i + 1;
      }
    }
    r.appendEntries(entries);
    bcastAppend();
  }

  // ---- replication

  void bcastAppend() {
    for (long id : r.tracker.progress().keySet()) {
      if (id != r.id) {
        maybeSendAppend(id, true);
      }
    }
  }

  /** Sends entries (or a snapshot) to {@code to} unless its progress is paused. */
  boolean maybeSendAppend(long to, boolean sendIfEmpty) {
    Progress pr = r.tracker.get(to);
    if (pr.isPaused()) {
      return false;
    }
    if (pr.next() < r.log.firstIndex()) {
      sendSnapshot(to, pr);
      return true;
    }
    long prevIndex = pr.next() - 1;
    List<Entry> entries = r.log.entriesFrom(pr.next(), r.config.maxSizePerMsg());
    if (entries.isEmpty() && !sendIfEmpty) {
      return false;
    }
    r.send(new Message(MessageType.APP, to, r.id, r.term, r.log.term(prevIndex), prevIndex,
        entries, r.log.committed(), null, false, 0, null));
    if (entries.isEmpty()) {
      pr.sentProbe();
    } else {
      pr.sentEntries(entries.get(entries.size() - 1).index());
    }
    return true;
  }

  private void sendSnapshot(long to, Progress pr) {
    Snapshot s = r.log.snapshot();
    if (s.isEmpty()) {
      throw new IllegalStateException("member " + to + " needs a snapshot but there is none");
    }
    r.send(new Message(MessageType.SNAP, to, r.id, r.term, 0, 0, List.of(), 0, s, false, 0, null));
    pr.becomeSnapshot(s.index());
  }

  /**
   * The driver finished sending a snapshot to {@code to} ({@code delivered}) or gave up on it. As
   * etcd's MsgSnapStatus: either way the follower is probed again, once its answer (to the
   * snapshot, or to the next heartbeat) says where its log now ends.
   */
  void reportSnapshot(long to, boolean delivered) {
    Progress pr = r.tracker.get(to);
    if (pr == null || pr.state() != ProgressState.SNAPSHOT) {
      return;
    }
    if (!delivered) {
      pr.snapshotFailed();
    }
    pr.becomeProbe();
    pr.sentProbe();
  }

  void bcastHeartbeat(byte[] context) {
    // Heartbeats not yet handed to the driver are superseded by this round (and a confirmation
    // of the newer context confirms every older read): one round per Ready batches the reads.
    r.msgs.removeIf(m -> m.type() == MessageType.HEARTBEAT);
    r.tracker.progress().forEach((id, pr) -> {
      if (id != r.id) {
        // Never tell a follower to commit beyond what it is known to have.
        long commit = Math.min(pr.match(), r.log.committed());
        r.send(new Message(MessageType.HEARTBEAT, id, r.id, r.term, 0, 0, List.of(), commit, null,
            false, 0, context));
      }
    });
  }

  private void handleAppendResponse(Message m, Progress pr) {
    pr.setRecentActive(true);
    if (m.reject()) {
      long next = m.rejectHint();
      if (m.logTerm() > 0) {
        // Fast backtracking: skip every entry of ours whose term is above the follower's hint.
        next = r.log.findConflictByTerm(m.rejectHint(), m.logTerm());
      }
      if (pr.maybeDecrTo(m.index(), next)) {
        if (pr.state() == ProgressState.REPLICATE) {
          pr.becomeProbe();
        }
        maybeSendAppend(m.from(), true);
      }
      return;
    }
    boolean wasPaused = pr.isPaused();
    if (!pr.maybeUpdate(m.index())) {
      return;
    }
    switch (pr.state()) {
      case PROBE -> pr.becomeReplicate();
      case SNAPSHOT -> {
        if (pr.match() + 1 >= r.log.firstIndex()) {
          pr.becomeProbe();
          pr.becomeReplicate();
        }
      }
      case REPLICATE -> pr.inflights().freeLE(m.index());
    }
    if (r.maybeCommit()) {
      releasePendingReadIndexMessages();
      bcastAppend();
    } else if (wasPaused) {
      maybeSendAppend(m.from(), true);
    }
    while (maybeSendAppend(m.from(), false)) {
      // fill the inflight window
    }
    if (m.from() == r.leadTransferee && pr.match() == r.log.lastIndex()) {
      sendTimeoutNow(m.from());
    }
  }

  private void handleHeartbeatResponse(Message m, Progress pr) {
    pr.heardFrom();
    if (pr.state() == ProgressState.REPLICATE && pr.inflights().full()) {
      pr.inflights().freeFirstOne(); // let one append through, so a lost one is eventually resent
    }
    if (pr.match() < r.log.lastIndex()) {
      maybeSendAppend(m.from(), true);
    }
    if (m.context() == null) {
      return;
    }
    Set<Long> acks = r.readOnly.recordAck(m.from(), m.context());
    if (acks == null || !hasQuorum(acks)) {
      return;
    }
    for (ReadOnlyQueue.Pending p : r.readOnly.advance(m.context())) {
      answerReadIndex(p.request(), p.index());
    }
  }

  private boolean hasQuorum(Set<Long> acks) {
    return MajorityConfig.voteResult(r.tracker.voters(),
        id -> acks.contains(id) ? Boolean.TRUE : null) == VoteResult.WON;
  }

  // ---- reads (thesis §6.4)

  private void readIndex(Message m) {
    if (r.tracker.voters().size() == 1 && r.tracker.isVoter(r.id)) {
      answerReadIndex(m, r.log.committed()); // nobody else can be leader
      return;
    }
    if (!r.committedEntryInCurrentTerm()) {
      // Our commit index may be stale until an entry of our term commits.
      r.pendingReadIndexMessages.add(m);
      return;
    }
    confirmThenAnswer(m);
  }

  private void confirmThenAnswer(Message m) {
    if (r.bug == UnsafeBug.READ_WITHOUT_QUORUM
        || (r.bug == UnsafeBug.LEASE_READ_WITHOUT_CHECK_QUORUM && !r.config.checkQuorum())) {
      answerReadIndex(m, r.log.committed());
      return;
    }
    r.readOnly.add(r.log.committed(), m);
    r.readOnly.recordAck(r.id, m.context());
    bcastHeartbeat(m.context());
  }

  private void releasePendingReadIndexMessages() {
    if (r.pendingReadIndexMessages.isEmpty() || !r.committedEntryInCurrentTerm()) {
      return;
    }
    List<Message> waiting = new ArrayList<>(r.pendingReadIndexMessages);
    r.pendingReadIndexMessages.clear();
    waiting.forEach(this::confirmThenAnswer);
  }

  private void answerReadIndex(Message request, long index) {
    if (request.from() == r.id) {
      r.readStates.add(new ReadState(index, request.context()));
    } else {
      r.send(new Message(MessageType.READ_INDEX_RESP, request.from(), r.id, r.term, 0, index,
          List.of(), 0, null, false, 0, request.context()));
    }
  }

  // ---- leadership transfer (thesis §3.10)

  private void transferLeader(long transferee) {
    Progress pr = r.tracker.get(transferee);
    if (pr == null || pr.isLearner()) {
      return;
    }
    if (r.leadTransferee != 0) {
      if (r.leadTransferee == transferee) {
        return;
      }
      r.abortLeaderTransfer();
    }
    if (transferee == r.id) {
      return;
    }
    r.electionElapsed = 0; // the transfer must finish within one election timeout
    r.leadTransferee = transferee;
    if (pr.match() == r.log.lastIndex()) {
      sendTimeoutNow(transferee);
    } else {
      maybeSendAppend(transferee, true);
    }
  }

  private void sendTimeoutNow(long to) {
    r.send(r.reply(MessageType.TIMEOUT_NOW, to));
  }

  /** The membership changed while we lead. */
  void afterConfChange() {
    Progress self = r.tracker.get(r.id);
    if (self == null || self.isLearner()) {
      // Removed or demoted: stop leading; the remaining voters elect a leader among themselves.
      r.becomeFollower(r.term, 0);
      return;
    }
    if (r.leadTransferee != 0 && r.tracker.get(r.leadTransferee) == null) {
      r.abortLeaderTransfer();
    }
    if (r.maybeCommit()) {
      bcastAppend();
    } else {
      for (long id : r.tracker.progress().keySet()) {
        if (id != r.id) {
          maybeSendAppend(id, false);
        }
      }
    }
  }
}
