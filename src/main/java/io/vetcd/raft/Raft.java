package io.vetcd.raft;

import io.vetcd.raft.confchange.Changer;
import io.vetcd.raft.quorum.MajorityConfig;
import io.vetcd.raft.quorum.VoteResult;
import io.vetcd.raft.tracker.Progress;
import io.vetcd.raft.tracker.ProgressTracker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Raft state machine shared by all roles: terms, votes, role transitions and elections. The
 * role-specific message handling lives in {@link LeaderRole} and {@link FollowerRole}.
 */
final class Raft {
  /** Marks the vote requests of a leadership transfer, which bypass the leader lease. */
  static final byte[] TRANSFER_CONTEXT = {'t', 'r', 'a', 'n', 's', 'f', 'e', 'r'};

  enum CampaignType { PRE_ELECTION, ELECTION, TRANSFER }

  final long id;
  final RaftConfig config;
  final UnsafeBug bug;
  final RaftLog log;
  final ProgressTracker tracker;
  final ReadOnlyQueue readOnly = new ReadOnlyQueue();
  final List<Message> msgs = new ArrayList<>();
  final List<ReadState> readStates = new ArrayList<>();
  /** ReadIndex requests that arrived before this leader committed an entry of its own term. */
  final List<Message> pendingReadIndexMessages = new ArrayList<>();

  long term;
  long vote;
  long lead;
  Role role = Role.FOLLOWER;
  /** The member a leadership transfer is handing over to, or 0. */
  long leadTransferee;
  /** A conf change may only be proposed once the log is applied past this index. */
  long pendingConfIndex;
  int electionElapsed;
  int heartbeatElapsed;
  private int randomizedElectionTimeout;

  private final LeaderRole leader;
  private final FollowerRole follower;

  Raft(RaftConfig config, RaftStorage storage, UnsafeBug bug) {
    this.id = config.id();
    this.config = config;
    this.bug = bug;
    this.log = new RaftLog(storage);
    this.tracker = new ProgressTracker(config.maxInflightMsgs());
    this.leader = new LeaderRole(this);
    this.follower = new FollowerRole(this);
    InitialState initial = storage.initialState();
    Changer.restore(tracker, initial.confState(), log.lastIndex() + 1);
    HardState hs = initial.hardState();
    if (hs.commit() > log.lastIndex()) {
      throw new IllegalStateException("persisted commit " + hs.commit() + " beyond last index "
          + log.lastIndex());
    }
    log.commitTo(hs.commit());
    term = hs.term();
    vote = hs.vote();
    if (config.applied() > 0) {
      log.appliedTo(config.applied());
    }
    applyCommittedConfChangesEarly();
    becomeFollower(term, 0);
  }

  /**
   * Committed conf changes are certain, so the membership starts where they lead instead of
   * waiting for the application to re-apply them (which it still does, harmlessly: each change
   * sets one member's role, so replaying a suffix gives the same membership). This is how a new
   * cluster's bootstrap entries make a member able to campaign at once.
   */
  private void applyCommittedConfChangesEarly() {
    long lo = Math.max(log.applied() + 1, log.firstIndex());
    for (Entry e : log.slice(lo, log.committed() + 1, Long.MAX_VALUE)) {
      if (e.type() == EntryType.CONF_CHANGE) {
        try {
          Changer.apply(tracker, ConfChange.fromBytes(e.data()), log.lastIndex() + 1);
        } catch (IllegalArgumentException invalid) {
          // ignored by every member alike, as in applyConfChange
        }
      }
    }
    log.confChangesKnownThrough(log.committed());
  }

  SoftState softState() {
    return new SoftState(lead, role);
  }

  HardState hardState() {
    return new HardState(term, vote, log.committed());
  }

  /** A voter that is still in the configuration may campaign. */
  boolean promotable() {
    Progress self = tracker.get(id);
    return self != null && !self.isLearner();
  }

  void send(Message m) {
    msgs.add(m);
  }

  Message reply(MessageType type, long to) {
    return new Message(type, to, id, term, 0, 0, List.of(), 0, null, false, 0, null);
  }

  // ---- role transitions

  void becomeFollower(long newTerm, long newLead) {
    reset(newTerm);
    lead = newLead;
    role = Role.FOLLOWER;
  }

  private void becomePreCandidate() {
    if (role == Role.LEADER) {
      throw new IllegalStateException("invalid transition leader -> pre-candidate");
    }
    // Neither the term nor the vote changes: a pre-election must not disturb anyone.
    role = Role.PRE_CANDIDATE;
    lead = 0;
    tracker.resetVotes();
    tracker.recordVote(id, true);
  }

  private void becomeCandidate() {
    if (role == Role.LEADER) {
      throw new IllegalStateException("invalid transition leader -> candidate");
    }
    reset(term + 1);
    vote = id;
    role = Role.CANDIDATE;
    tracker.recordVote(id, true);
  }

  void becomeLeader() {
    if (role == Role.FOLLOWER) {
      throw new IllegalStateException("invalid transition follower -> leader");
    }
    reset(term);
    lead = id;
    role = Role.LEADER;
    tracker.get(id).becomeReplicate();
    // No conf change until this term's first entry is applied: that rules out the single-server
    // change bug where a new leader's change overlaps an uncommitted one of an old leader.
    pendingConfIndex = log.lastIndex();
    if (bug != UnsafeBug.COMMIT_PREVIOUS_TERM) {
      appendEntries(List.of(new Entry(0, 0, EntryType.NORMAL, null)));
    }
  }

  private void reset(long newTerm) {
    if (term != newTerm) {
      term = newTerm;
      vote = 0;
    }
    lead = 0;
    electionElapsed = 0;
    heartbeatElapsed = 0;
    randomizedElectionTimeout = config.electionTicks() + config.random().nextInt(config.electionTicks());
    leadTransferee = 0;
    tracker.resetVotes();
    long last = log.lastIndex();
    tracker.progress().forEach((memberId, pr) -> {
      pr.reset(memberId == id ? last : 0, last + 1);
      pr.setRecentActive(memberId == id);
    });
    pendingConfIndex = 0;
    readOnly.reset();
    pendingReadIndexMessages.clear();
  }

  // ---- ticks and elections

  void tick() {
    if (role == Role.LEADER) {
      leader.tick();
      return;
    }
    electionElapsed++;
    if (promotable() && electionElapsed >= randomizedElectionTimeout) {
      electionElapsed = 0;
      hup(false);
    }
  }

  /**
   * The driver learned that {@code peer}'s process is gone (it had a stream to it, and its port
   * now refuses connections). A follower of that leader stops counting on it: it forgets it, so
   * that it no longer turns vote requests away for that leader's lease, and campaigns within half
   * an election timeout instead of after a full one. An election is safe at any time; this only
   * brings it forward, and with pre-vote a wrong report disturbs no leader.
   */
  void leaderGone(long peer) {
    if (role == Role.LEADER || lead != peer || !promotable()) {
      return;
    }
    lead = 0;
    int remaining = 1 + config.random().nextInt(Math.max(1, config.electionTicks() / 2));
    electionElapsed = Math.max(electionElapsed, randomizedElectionTimeout - remaining);
  }

  /** Starts an election (or a pre-election) unless this member cannot or should not. */
  void hup(boolean transfer) {
    if (role == Role.LEADER || !promotable() || log.hasUnappliedConfChange()) {
      return;
    }
    if (transfer) {
      campaign(CampaignType.TRANSFER);
    } else {
      campaign(config.preVote() ? CampaignType.PRE_ELECTION : CampaignType.ELECTION);
    }
  }

  void campaign(CampaignType type) {
    MessageType voteType;
    long voteTerm;
    if (type == CampaignType.PRE_ELECTION) {
      becomePreCandidate();
      voteType = MessageType.PRE_VOTE;
      voteTerm = term + 1; // the term we would campaign in; ours stays unchanged
    } else {
      becomeCandidate();
      voteType = MessageType.VOTE;
      voteTerm = term;
    }
    if (tracker.voteResult() == VoteResult.WON) { // a single voter: ourselves
      electionWon();
      return;
    }
    byte[] context = type == CampaignType.TRANSFER ? TRANSFER_CONTEXT : null;
    for (long voter : tracker.voters()) {
      if (voter != id) {
        send(new Message(voteType, voter, id, voteTerm, log.lastTerm(), log.lastIndex(), List.of(),
            0, null, false, 0, context));
      }
    }
  }

  void electionWon() {
    if (role == Role.PRE_CANDIDATE) {
      campaign(CampaignType.ELECTION);
    } else {
      becomeLeader();
      leader.bcastAppend();
    }
  }

  // ---- message handling common to every role

  void step(Message m) {
    if (m.term() > term) {
      if (ignoreForLease(m)) {
        return;
      }
      boolean keepTerm = m.type() == MessageType.PRE_VOTE
          || (m.type() == MessageType.PRE_VOTE_RESP && !m.reject());
      if (!keepTerm) {
        boolean fromLeader = m.type() == MessageType.APP || m.type() == MessageType.HEARTBEAT
            || m.type() == MessageType.SNAP;
        int elapsed = electionElapsed;
        becomeFollower(m.term(), fromLeader ? m.from() : 0);
        if (m.type() == MessageType.VOTE) {
          // Only a granted vote restarts the election timer (paper §5.2). Otherwise candidates
          // with stale logs, raising the term in turn, keep the up-to-date members from ever
          // timing out: the simulator found such runs without pre-vote.
          electionElapsed = elapsed;
        }
      }
    } else if (m.term() > 0 && m.term() < term) {
      answerStaleMessage(m);
      return;
    }
    if (m.type() == MessageType.VOTE || m.type() == MessageType.PRE_VOTE) {
      handleVoteRequest(m);
    } else if (role == Role.LEADER) {
      leader.step(m);
    } else {
      follower.step(m);
    }
  }

  /**
   * With check-quorum, a member that heard from a leader within the election timeout ignores vote
   * requests of a higher term (thesis §4.2.3), unless it is a leadership transfer.
   */
  private boolean ignoreForLease(Message m) {
    if (m.type() != MessageType.VOTE && m.type() != MessageType.PRE_VOTE) {
      return false;
    }
    boolean transfer = Arrays.equals(m.context(), TRANSFER_CONTEXT);
    boolean inLease = config.checkQuorum() && lead != 0
        && electionElapsed < config.electionTicks();
    return inLease && !transfer;
  }

  /**
   * Answers a message of an older term with our term, so that its sender catches up (paper
   * §5.1). Without this, a member whose term ran ahead while it could not win (for instance with
   * a stale membership that no longer contains the leader) would never hear from anyone again;
   * the simulator found such runs. A leader only talks to members of its configuration, so this
   * gives removed members no way to disrupt it.
   */
  private void answerStaleMessage(Message m) {
    switch (m.type()) {
      case APP, HEARTBEAT -> send(reply(MessageType.APP_RESP, m.from()));
      case VOTE, PRE_VOTE -> send(new Message(m.type().voteResponse(), m.from(), id, term, 0, 0,
          List.of(), 0, null, true, 0, null));
      default -> { }
    }
  }

  private void handleVoteRequest(Message m) {
    boolean canVote = vote == m.from()
        || (vote == 0 && lead == 0)
        || (m.type() == MessageType.PRE_VOTE && m.term() > term)
        || (bug == UnsafeBug.DOUBLE_VOTE && m.type() == MessageType.VOTE);
    MessageType respType = m.type().voteResponse();
    if (canVote && log.isUpToDate(m.index(), m.logTerm())) {
      // A granted vote carries the candidate's term, so that a pre-vote is counted for it.
      send(new Message(respType, m.from(), id, m.term(), 0, 0, List.of(), 0, null, false, 0, null));
      if (m.type() == MessageType.VOTE) {
        electionElapsed = 0;
        vote = m.from();
      }
    } else {
      send(new Message(respType, m.from(), id, term, 0, 0, List.of(), 0, null, true, 0, null));
      if (role == Role.CANDIDATE && m.type() == MessageType.VOTE
          && log.isUpToDate(m.index(), m.logTerm())) {
        // Our vote went to ourselves, but this candidate's log would get every vote we could:
        // wait a full timeout before our next campaign, so that its next one, at a higher term,
        // comes first (seed 30231849: a stale voter that cannot win otherwise out-races it).
        electionElapsed = 0;
      }
    }
  }

  // ---- log

  /** Leader only: appends entries in the current term and counts them for our own progress. */
  void appendEntries(List<Entry> entries) {
    long index = log.lastIndex();
    List<Entry> stamped = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      stamped.add(new Entry(term, ++index, e.type(), e.data()));
    }
    log.append(stamped);
    tracker.get(id).maybeUpdate(log.lastIndex());
    maybeCommit();
  }

  boolean maybeCommit() {
    long quorumIndex = bug == UnsafeBug.LEARNER_IN_QUORUM ? committedCountingLearners()
        : tracker.committed();
    return log.maybeCommit(quorumIndex, term, bug == UnsafeBug.COMMIT_PREVIOUS_TERM);
  }

  /** {@link UnsafeBug#LEARNER_IN_QUORUM}: the voters' quorum size, filled with anyone's acks. */
  private long committedCountingLearners() {
    long[] acked = tracker.progress().values().stream().mapToLong(Progress::match).sorted()
        .toArray();
    return acked[acked.length - MajorityConfig.quorum(tracker.voters().size())];
  }

  boolean committedEntryInCurrentTerm() {
    return log.term(log.committed()) == term;
  }

  /** Installs a leader's snapshot; false if it brings nothing new. */
  boolean restore(Snapshot s) {
    if (bug == UnsafeBug.STALE_SNAPSHOT && s.index() >= log.firstIndex()) {
      return install(s);
    }
    if (s.index() <= log.committed()) {
      return false;
    }
    if (log.matchTerm(s.index(), s.term())) {
      log.commitTo(s.index()); // we already have the snapshot's entries: just fast-forward
      return false;
    }
    return install(s);
  }

  private boolean install(Snapshot s) {
    log.restore(s);
    Changer.restore(tracker, s.confState(), log.lastIndex() + 1);
    return true;
  }

  ConfState applyConfChange(ConfChange cc) {
    try {
      // A new member is probed at our last index (as etcd does), so the probe carries an entry
      // and goes out at once instead of waiting for the next heartbeat.
      Changer.apply(tracker, cc, log.lastIndex());
    } catch (IllegalArgumentException invalid) {
      // Every member applies the same committed entry and ignores it alike.
      return tracker.confState();
    }
    if (role == Role.LEADER) {
      leader.afterConfChange();
    }
    return tracker.confState();
  }

  void reportSnapshot(long to, boolean delivered) {
    if (role == Role.LEADER) {
      leader.reportSnapshot(to, delivered);
    }
  }

  void abortLeaderTransfer() {
    leadTransferee = 0;
  }
}
