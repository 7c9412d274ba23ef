package io.vetcd.consensus;

import io.vetcd.errors.EtcdError;
import io.vetcd.proto.etcdserverpb.Member;
import io.vetcd.proto.vetcdpb.MemberAttributes;
import io.vetcd.proto.vetcdpb.MemberChange;
import io.vetcd.proto.vetcdpb.Membership;
import io.vetcd.raft.ConfChangeType;
import io.vetcd.raft.ConfState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The cluster's members as the applied log defines them (etcd's RaftCluster): each member's id,
 * name, peer and client URLs and learner flag, and the ids removed for good. Immutable; every
 * member derives the same value from the same log prefix. The Raft membership is derived from
 * it ({@link #confState()}), so the two never disagree.
 */
public final class ClusterMembers {
  /** etcd 3.4 allows one learner at a time (membership.maxLearners). */
  static final int MAX_LEARNERS = 1;

  /** By id, in etcd's order (member ids compare as unsigned numbers). */
  private final TreeMap<Long, Member> members;
  private final TreeSet<Long> removed;

  private ClusterMembers(TreeMap<Long, Member> members, TreeSet<Long> removed) {
    this.members = members;
    this.removed = removed;
  }

  public static final ClusterMembers EMPTY = of(Membership.getDefaultInstance());

  public static ClusterMembers of(Membership persisted) {
    ClusterMembers out = new ClusterMembers(new TreeMap<>(Long::compareUnsigned),
        new TreeSet<>(Long::compareUnsigned));
    persisted.getMembersList().forEach(m -> out.members.put(m.getID(), m));
    out.removed.addAll(persisted.getRemovedList());
    return out;
  }

  public Membership toProto() {
    return Membership.newBuilder().addAllMembers(members.values()).addAllRemoved(removed).build();
  }

  /** Members in id order, as MemberList answers them. */
  public List<Member> list() {
    return List.copyOf(members.values());
  }

  /** The peers' view of these members. */
  public PeerRoster peerRoster() {
    return PeerRoster.of(list(), List.copyOf(removed));
  }

  /** Whether {@code id} was a member and was removed for good. */
  public boolean isRemoved(long id) {
    return removed.contains(id);
  }

  public Optional<Member> member(long id) {
    return Optional.ofNullable(members.get(id));
  }

  public ConfState confState() {
    List<Long> voters = new ArrayList<>();
    List<Long> learners = new ArrayList<>();
    members.values().forEach(m -> (m.getIsLearner() ? learners : voters).add(m.getID()));
    return new ConfState(voters, learners);
  }

  /** The Raft conf change that carries {@code change}. */
  static ConfChangeType raftType(MemberChange change) {
    return switch (change.getAction()) {
      case ADD -> change.getMember().getIsLearner()
          ? ConfChangeType.ADD_LEARNER_NODE : ConfChangeType.ADD_NODE;
      case PROMOTE -> ConfChangeType.ADD_NODE;
      case REMOVE -> ConfChangeType.REMOVE_NODE;
      case UPDATE -> ConfChangeType.UPDATE_NODE;
      case UNRECOGNIZED -> throw new IllegalArgumentException("unknown member change");
    };
  }

  /**
   * Why {@code change} cannot apply to these members, or null when it can: etcd's
   * ValidateConfigurationChange, plus the Raft core's own rule that some voter must remain.
   */
  public EtcdError refusal(MemberChange change) {
    long id = change.getMember().getID();
    if (removed.contains(id)) {
      return EtcdError.MEMBER_NOT_FOUND;
    }
    Member existing = members.get(id);
    switch (change.getAction()) {
      case ADD -> {
        if (existing != null) {
          return EtcdError.MEMBER_EXIST;
        }
        if (urlInUse(change.getMember().getPeerURLsList(), 0)) {
          return EtcdError.PEER_URL_EXIST;
        }
        if (change.getMember().getIsLearner() && learnerCount() + 1 > MAX_LEARNERS) {
          return EtcdError.TOO_MANY_LEARNERS;
        }
      }
      case PROMOTE -> {
        if (existing == null) {
          return EtcdError.MEMBER_NOT_FOUND;
        }
        if (!existing.getIsLearner()) {
          return EtcdError.MEMBER_NOT_LEARNER;
        }
      }
      case REMOVE -> {
        if (existing == null) {
          return EtcdError.MEMBER_NOT_FOUND;
        }
        if (!existing.getIsLearner() && confState().voters().equals(List.of(id))) {
          return EtcdError.MEMBER_NOT_ENOUGH_STARTED;
        }
      }
      case UPDATE -> {
        if (existing == null) {
          return EtcdError.MEMBER_NOT_FOUND;
        }
        if (urlInUse(change.getMember().getPeerURLsList(), id)) {
          return EtcdError.PEER_URL_EXIST;
        }
      }
      default -> throw new IllegalArgumentException("unknown member change " + change);
    }
    return null;
  }

  /** The members after {@code change}, which {@link #refusal} accepted. */
  public ClusterMembers apply(MemberChange change) {
    ClusterMembers next = copy();
    Member m = change.getMember();
    switch (change.getAction()) {
      case ADD -> next.members.put(m.getID(), m);
      case PROMOTE -> next.members.put(m.getID(),
          members.get(m.getID()).toBuilder().setIsLearner(false).build());
      case REMOVE -> {
        next.members.remove(m.getID());
        next.removed.add(m.getID());
      }
      // etcd 3.4 also clears the learner flag here (it replaces all raft attributes); vetcd
      // keeps it, since the member stays a learner in Raft.
      case UPDATE -> next.members.put(m.getID(), members.get(m.getID()).toBuilder()
          .clearPeerURLs().addAllPeerURLs(m.getPeerURLsList()).build());
      default -> throw new IllegalArgumentException("unknown member change " + change);
    }
    return next;
  }

  /** A member published its name and client URLs; a removed member's are ignored, as etcd. */
  public ClusterMembers withAttributes(MemberAttributes attributes) {
    Member m = members.get(attributes.getMemberId());
    if (m == null) {
      return this;
    }
    ClusterMembers next = copy();
    next.members.put(m.getID(), m.toBuilder().setName(attributes.getName())
        .clearClientURLs().addAllClientURLs(attributes.getClientUrlsList()).build());
    return next;
  }

  // ---- etcd's --strict-reconfig-check: a change must leave a quorum of started members

  /** etcd's IsReadyToAddVotingMember, with its exception for growing a cluster of one. */
  boolean readyToAddVoter() {
    int total = 1 + voters().size();
    int started = startedVoters(0);
    if (started == 1 && total == 2) {
      return true;
    }
    return started >= total / 2 + 1;
  }

  /** etcd's IsReadyToRemoveVotingMember. */
  boolean readyToRemoveVoter(long id) {
    int total = (int) voters().stream().filter(m -> m.getID() != id).count();
    return startedVoters(id) >= total / 2 + 1;
  }

  /** etcd's IsReadyToPromoteMember: the learner counts as a started voter. */
  boolean readyToPromote() {
    int total = 1 + voters().size();
    return 1 + startedVoters(0) >= total / 2 + 1;
  }

  /** The IDs of the voting members. */
  List<Long> voterIds() {
    return voters().stream().map(Member::getID).toList();
  }

  private List<Member> voters() {
    return members.values().stream().filter(m -> !m.getIsLearner()).toList();
  }

  /** Voters other than {@code except} that have started: etcd's test is a published name. */
  private int startedVoters(long except) {
    return (int) voters().stream()
        .filter(m -> m.getID() != except && !m.getName().isEmpty()).count();
  }

  private long learnerCount() {
    return members.values().stream().filter(Member::getIsLearner).count();
  }

  private boolean urlInUse(List<String> urls, long except) {
    return members.values().stream()
        .filter(m -> m.getID() != except)
        .anyMatch(m -> !Collections.disjoint(m.getPeerURLsList(), urls));
  }

  private ClusterMembers copy() {
    TreeMap<Long, Member> m = new TreeMap<>(Long::compareUnsigned);
    m.putAll(members);
    TreeSet<Long> r = new TreeSet<>(Long::compareUnsigned);
    r.addAll(removed);
    return new ClusterMembers(m, r);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClusterMembers other && toProto().equals(other.toProto());
  }

  @Override
  public int hashCode() {
    return toProto().hashCode();
  }
}
