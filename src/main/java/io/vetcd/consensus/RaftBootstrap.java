package io.vetcd.consensus;

import com.google.protobuf.InvalidProtocolBufferException;
import io.vetcd.consensus.wal.Recovered;
import io.vetcd.consensus.wal.SnapshotMarker;
import io.vetcd.consensus.wal.Wal;
import io.vetcd.proto.etcdserverpb.Member;
import io.vetcd.proto.vetcdpb.InternalRequest;
import io.vetcd.proto.vetcdpb.MemberChange;
import io.vetcd.proto.vetcdpb.Membership;
import io.vetcd.raft.ConfChange;
import io.vetcd.raft.ConfChangeType;
import io.vetcd.raft.ConfState;
import io.vetcd.raft.HardState;
import io.vetcd.raft.StableLog;
import io.vetcd.raft.RaftConfig;
import io.vetcd.raft.RaftCore;
import io.vetcd.raft.Snapshot;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Starts the Raft core of a member. A new member founds the cluster: its membership becomes the
 * first log entries (each carrying the member's name and peer URLs, as etcd's do), which are made
 * durable in the WAL before anything else. A member joining an existing cluster starts with an
 * empty log and learns everything from the leader. A restarted member rebuilds its log from what
 * the WAL recovered, and its membership from the snapshot marker and the conf changes after it.
 */
public record RaftBootstrap(RaftCore core, StableLog storage, Reconfiguration reconfiguration) {

  /**
   * @param initialCluster the members of --initial-cluster (id, name, peer URLs): the founders of
   *     a new cluster; on a restart, the membership only when a snapshot marker from an older
   *     vetcd holds none
   * @param joining --initial-cluster-state existing: this member founds nothing
   */
  public static RaftBootstrap start(long memberId, List<Member> initialCluster, boolean joining,
      boolean strictReconfigCheck, Wal wal, int electionTicks) {
    Map<Long, Member> founders = initialCluster.stream()
        .collect(Collectors.toMap(Member::getID, Function.identity()));
    Recovered recovered = wal.recovered();
    ClusterMembers members = ClusterMembers.EMPTY;
    StableLog storage;
    if (isNew(recovered)) {
      storage = joining ? new StableLog() : found(initialCluster, wal);
    } else {
      SnapshotMarker marker = recovered.snapshot();
      if (marker.index() > 0) {
        members = ClusterMembers.of(marker.membership().length > 0
            ? parse(marker.membership())
            : Membership.newBuilder().addAllMembers(initialCluster).build());
      }
      storage = restore(members.confState(), recovered);
    }
    // Every committed entry after the snapshot is handed out again, as etcd does: the core
    // re-applies the conf changes among them, and the store skips what it already holds.
    RaftConfig config = RaftConfig.defaults(memberId, new SplittableRandom(new SecureRandom().nextLong()))
        .withTicks(electionTicks, 1)
        .withApplied(storage.snapshot().index());
    return new RaftBootstrap(new RaftCore(config, storage), storage,
        new Reconfiguration(members, storage.snapshot().index(), founders, strictReconfigCheck));
  }

  private static boolean isNew(Recovered recovered) {
    return recovered.entries().isEmpty()
        && recovered.hardState().equals(HardState.EMPTY)
        && recovered.snapshot().equals(SnapshotMarker.NONE);
  }

  private static StableLog found(List<Member> founders, Wal wal) {
    StableLog storage = new StableLog(founders.stream().map(RaftBootstrap::founding).toList());
    wal.save(storage.hardState(),
        storage.entries(storage.firstIndex(), storage.lastIndex() + 1, Long.MAX_VALUE));
    return storage;
  }

  private static ConfChange founding(Member member) {
    InternalRequest context = InternalRequest.newBuilder().setMemberChange(MemberChange.newBuilder()
        .setAction(MemberChange.Action.ADD).setMember(member)).build();
    return new ConfChange(ConfChangeType.ADD_NODE, member.getID(), context.toByteArray());
  }

  private static StableLog restore(ConfState members, Recovered recovered) {
    StableLog storage = new StableLog();
    SnapshotMarker marker = recovered.snapshot();
    if (marker.index() > 0) {
      storage.applySnapshot(new Snapshot(marker.index(), marker.term(), members, new byte[0]));
    }
    storage.append(recovered.entries());
    storage.setHardState(recovered.hardState());
    return storage;
  }

  private static Membership parse(byte[] membership) {
    try {
      return Membership.parseFrom(membership);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("the WAL's snapshot marker holds no readable membership", e);
    }
  }
}
