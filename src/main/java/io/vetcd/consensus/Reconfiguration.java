package io.vetcd.consensus;

import com.google.protobuf.InvalidProtocolBufferException;
import io.vetcd.errors.EtcdError;
import io.vetcd.mvcc.CommittedEntry;
import io.vetcd.proto.etcdserverpb.Member;
import io.vetcd.proto.vetcdpb.InternalRequest;
import io.vetcd.proto.vetcdpb.MemberChange;
import io.vetcd.raft.ConfChange;
import io.vetcd.raft.ConfState;
import io.vetcd.raft.Entry;
import io.vetcd.raft.EntryType;
import io.vetcd.raft.ProposalDroppedException;
import io.vetcd.raft.RaftCore;
import io.vetcd.raft.Status;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Raft driver's side of membership, on its loop: checks a client's member change as etcd's
 * server does before proposing it, and turns each committed entry into what the store applies,
 * applying conf changes to the core in log order so that the core's membership and the members'
 * metadata move together.
 *
 * <p>A change is validated against the membership before it is proposed, and again when it is
 * applied. Raft lets one conf change be pending at a time, so both see the same membership: a
 * refusal at apply only happens to a log written otherwise, and then, as in etcd, the entry
 * changes neither the core nor the members.
 */
public final class Reconfiguration {
  /** etcd's readyPercent: a learner may be promoted once its log matches 90% of the leader's. */
  private static final double LEARNER_READY_FRACTION = 0.9;

  private final boolean strictReconfigCheck;
  private final PeerHealth peerHealth = new PeerHealth();
  /** Metadata for founding entries written before their context carried it (older data dirs). */
  private final Map<Long, Member> foundingMembers;
  private ClusterMembers members;
  /**
   * The core's membership after each conf change applied since the log's snapshot, by the
   * change's index (and the snapshot's own at its index): a compaction at index i records the
   * membership at i, not the current one.
   */
  private final TreeMap<Long, ConfState> confStates = new TreeMap<>();

  /** @param snapshotIndex the index of the snapshot {@code members} come from (0: none) */
  Reconfiguration(ClusterMembers members, long snapshotIndex, Map<Long, Member> foundingMembers,
      boolean strictReconfigCheck) {
    this.members = members;
    this.foundingMembers = Map.copyOf(foundingMembers);
    this.strictReconfigCheck = strictReconfigCheck;
    confStates.put(snapshotIndex, members.confState());
  }

  /** A snapshot from the leader replaced the log up to {@code index}: its members are ours. */
  void restore(long index, ClusterMembers restored) {
    members = restored;
    confStates.clear();
    confStates.put(index, restored.confState());
  }

  /** The core's membership right after entry {@code index} was applied ({@code index} >= the
   *  oldest index not yet {@linkplain #forgetBefore forgotten}). */
  ConfState confStateAt(long index) {
    return confStates.floorEntry(index).getValue();
  }

  /** The log before {@code index} is gone: only the memberships from there on are needed. */
  void forgetBefore(long index) {
    Long floor = confStates.floorKey(index);
    if (floor != null) {
      confStates.headMap(floor, false).clear();
    }
  }

  /** The membership after every entry handed to the store so far. */
  public ClusterMembers members() {
    return members;
  }

  /** The peer transport's news of a stream that came up or went down. */
  void peerActivity(PeerActivity activity) {
    peerHealth.record(activity);
  }

  /**
   * Proposes the member change {@code request} carries, unless etcd would refuse it; returns the
   * refusal, or null once proposed.
   */
  EtcdError propose(InternalRequest request, RaftCore core, long nowMillis) {
    MemberChange change = request.getMemberChange();
    EtcdError refusal = precondition(change, core, nowMillis);
    if (refusal == null) {
      refusal = members.refusal(change);
    }
    if (refusal != null) {
      return refusal;
    }
    try {
      core.proposeConfChange(new ConfChange(ClusterMembers.raftType(change),
          change.getMember().getID(), request.toByteArray()));
      return null;
    } catch (ProposalDroppedException dropped) {
      // No leader, or another change still pending: etcd's caller would wait out its timeout.
      return core.status().leader() == 0 ? EtcdError.NO_LEADER : EtcdError.TIMEOUT;
    }
  }

  /**
   * etcd's mayAddMember, mayRemoveMember and mayPromoteMember (EtcdServer): enough started
   * members after the change, and for an add or a remove also enough connected ones (a change
   * while a voter is unreachable could leave no active quorum).
   */
  private EtcdError precondition(MemberChange change, RaftCore core, long nowMillis) {
    long id = change.getMember().getID();
    long self = core.status().id();
    List<Long> voters = members.voterIds();
    return switch (change.getAction()) {
      case ADD -> !strictReconfigCheck ? null
          : !change.getMember().getIsLearner() && !members.readyToAddVoter()
              ? EtcdError.MEMBER_NOT_ENOUGH_STARTED
          : peerHealth.connected(self, voters, nowMillis) < voters.size()
              ? EtcdError.UNHEALTHY : null;
      case REMOVE -> !strictReconfigCheck || isLearner(id) ? null
          : !members.readyToRemoveVoter(id) ? EtcdError.MEMBER_NOT_ENOUGH_STARTED
          // A member that is down is not part of the active quorum: removing it is safe.
          : id != self && peerHealth.isDown(id) ? null
          : peerHealth.connected(self, voters, nowMillis) - 1 < 1 + (voters.size() - 1) / 2
              ? EtcdError.UNHEALTHY : null;
      case PROMOTE -> {
        EtcdError notReady = learnerReadiness(id, core.status());
        yield notReady != null ? notReady
            : strictReconfigCheck && !members.readyToPromote()
                ? EtcdError.MEMBER_NOT_ENOUGH_STARTED : null;
      }
      case UPDATE -> null;
      case UNRECOGNIZED -> throw new IllegalArgumentException("unknown member change");
    };
  }

  private boolean isLearner(long id) {
    return members.member(id).map(Member::getIsLearner).orElse(false);
  }

  /** etcd's isLearnerReady: only the leader knows how far a learner's log is. */
  private static EtcdError learnerReadiness(long id, Status status) {
    if (status.progress().isEmpty()) {
      return EtcdError.NOT_LEADER;
    }
    Status.ProgressStatus learner = status.progress().get(id);
    long leaderMatch = status.progress().get(status.id()).match();
    if (learner != null && learner.match() < leaderMatch * LEARNER_READY_FRACTION) {
      return EtcdError.LEARNER_NOT_READY;
    }
    return null;
  }

  /** What the store applies for {@code entry}; a conf change is applied to the core here. */
  CommittedEntry committed(Entry entry, RaftCore core) {
    if (entry.type() == EntryType.CONF_CHANGE) {
      return confChange(entry, core);
    }
    InternalRequest request = normalRequest(entry);
    if (request != null && request.hasMemberAttributes()) {
      members = members.withAttributes(request.getMemberAttributes());
      return new CommittedEntry(entry.index(), entry.term(), request, members.toProto(), null);
    }
    return new CommittedEntry(entry.index(), entry.term(), request);
  }

  private CommittedEntry confChange(Entry entry, RaftCore core) {
    ConfChange cc = ConfChange.fromBytes(entry.data());
    InternalRequest request = contextOf(cc);
    EtcdError refusal = members.refusal(request.getMemberChange());
    if (refusal != null) {
      return new CommittedEntry(entry.index(), entry.term(), request, null, refusal);
    }
    confStates.put(entry.index(), core.applyConfChange(cc));
    members = members.apply(request.getMemberChange());
    return new CommittedEntry(entry.index(), entry.term(), request, members.toProto(), null);
  }

  /** The member change a conf change carries; founding entries of older members carry none. */
  private InternalRequest contextOf(ConfChange cc) {
    if (cc.context().length > 0) {
      return parse(cc.context(), cc.nodeId());
    }
    Member member = foundingMembers.getOrDefault(cc.nodeId(),
        Member.newBuilder().setID(cc.nodeId()).build());
    return InternalRequest.newBuilder().setMemberChange(MemberChange.newBuilder()
        .setAction(MemberChange.Action.ADD).setMember(member)).build();
  }

  private static InternalRequest normalRequest(Entry entry) {
    if (entry.data() == null || entry.data().length == 0) {
      return null;
    }
    return parse(entry.data(), entry.index());
  }

  private static InternalRequest parse(byte[] data, long where) {
    try {
      return InternalRequest.parseFrom(data);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("committed entry " + where + " is not a request", e);
    }
  }
}
