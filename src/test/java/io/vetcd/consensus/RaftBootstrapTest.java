package io.vetcd.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vetcd.consensus.wal.Wal;
import io.vetcd.consensus.wal.WalOptions;
import io.vetcd.mvcc.CommittedEntry;
import io.vetcd.proto.etcdserverpb.Member;
import io.vetcd.proto.vetcdpb.InternalRequest;
import io.vetcd.proto.vetcdpb.MemberChange;
import io.vetcd.raft.ConfChange;
import io.vetcd.raft.ConfChangeType;
import io.vetcd.raft.ConfState;
import io.vetcd.raft.Entry;
import io.vetcd.raft.EntryType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a member's membership comes from at start: founding, joining, restarting. */
class RaftBootstrapTest {
  private static final Member A = member(1, "a", "http://a:2380");
  private static final Member B = member(2, "b", "http://b:2380");

  @TempDir Path dir;

  @Test
  void foundingEntriesCarryEachMembersNameAndPeerUrls() {
    try (Wal wal = open()) {
      RaftBootstrap raft = RaftBootstrap.start(A.getID(), List.of(A, B), false, true, wal, 10);
      List<Entry> founding = raft.storage().entries(1, 3, Long.MAX_VALUE);
      for (Entry entry : founding) {
        CommittedEntry applied = raft.reconfiguration().committed(entry, raft.core());
        assertEquals(null, applied.refusal());
      }
      assertEquals(List.of(A, B), raft.reconfiguration().members().list());
      assertEquals(new ConfState(List.of(1L, 2L), List.of()), raft.core().status().confState());
    }
    try (Wal wal = open()) {
      assertEquals(2, wal.recovered().entries().size(), "made durable before anything else");
    }
  }

  /**
   * A snapshot at index i must carry the membership after entry i: LogCompaction trims the log
   * with it, and it used to take the membership at the time of the trim instead.
   */
  @Test
  void theMembershipAtAnIndexIsTheOneAfterTheConfChangesUpToIt() {
    try (Wal wal = open()) {
      RaftBootstrap raft = RaftBootstrap.start(A.getID(), List.of(A, B), false, true, wal, 10);
      Reconfiguration reconfiguration = raft.reconfiguration();
      for (Entry entry : raft.storage().entries(1, 3, Long.MAX_VALUE)) {
        reconfiguration.committed(entry, raft.core());
      }
      InternalRequest removeB = InternalRequest.newBuilder().setMemberChange(MemberChange
          .newBuilder().setAction(MemberChange.Action.REMOVE).setMember(B)).build();
      reconfiguration.committed(new Entry(1, 3, EntryType.CONF_CHANGE,
          new ConfChange(ConfChangeType.REMOVE_NODE, B.getID(), removeB.toByteArray()).toBytes()),
          raft.core());
      ConfState both = new ConfState(List.of(1L, 2L), List.of());
      ConfState onlyA = new ConfState(List.of(1L), List.of());
      assertEquals(both, reconfiguration.confStateAt(2), "before the removal at 3");
      assertEquals(onlyA, reconfiguration.confStateAt(3));
      assertEquals(onlyA, reconfiguration.confStateAt(9));
      reconfiguration.forgetBefore(3);
      assertEquals(onlyA, reconfiguration.confStateAt(3));
    }
  }

  @Test
  void aJoiningMemberFoundsNothing() {
    try (Wal wal = open()) {
      RaftBootstrap raft = RaftBootstrap.start(B.getID(), List.of(A, B), true, true, wal, 10);
      assertEquals(0, raft.storage().lastIndex());
      assertEquals(ConfState.EMPTY, raft.core().status().confState());
    }
    try (Wal wal = open()) {
      assertEquals(List.of(), wal.recovered().entries(), "nothing written for a cluster it joins");
    }
  }

  @Test
  void aMarkerWithoutMembershipFallsBackToTheInitialCluster() {
    try (Wal wal = open()) {
      RaftBootstrap.start(A.getID(), List.of(A), false, true, wal, 10);
      wal.saveSnapshotMarker(1, 1); // as vetcd wrote markers before they held the membership
    }
    try (Wal wal = open()) {
      RaftBootstrap raft = RaftBootstrap.start(A.getID(), List.of(A, B), false, true, wal, 10);
      assertEquals(List.of(A, B), raft.reconfiguration().members().list());
      assertEquals(new ConfState(List.of(1L, 2L), List.of()), raft.core().status().confState());
    }
  }

  private Wal open() {
    return Wal.open(dir, WalOptions.defaults().withPreallocate(false));
  }

  private static Member member(long id, String name, String peerUrl) {
    return Member.newBuilder().setID(id).setName(name).addPeerURLs(peerUrl).build();
  }
}
