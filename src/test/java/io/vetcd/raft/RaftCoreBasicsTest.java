package io.vetcd.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The driver contract on the smallest clusters. */
class RaftCoreBasicsTest {

  @Test
  void singleMemberBecomesLeaderAndCommitsAfterPersisting() {
    StableLog storage = new StableLog(ConfState.ofVoters(1));
    RaftCore core = new RaftCore(RaftConfig.defaults(1, new SplittableRandom(1)), storage);
    core.campaign();
    Ready rd = core.ready();
    assertEquals(new SoftState(1, Role.LEADER), rd.softState());
    assertEquals(1, rd.entries().size(), "the leader's empty entry of its term");
    assertEquals(List.of(1L), rd.committedEntries().stream().map(Entry::index).toList(),
        "only the bootstrap entry: the new entry is not applied before it is persisted");
    persist(storage, rd);
    core.advance(rd);

    core.propose(TestCluster.bytes("hello"));
    rd = core.ready();
    assertEquals(1, rd.entries().size());
    assertEquals("hello", new String(rd.entries().get(0).data()));
    assertTrue(rd.mustSync());
    assertTrue(rd.committedEntries().stream().noneMatch(e -> e.index() == 3));
    persist(storage, rd);
    core.advance(rd);

    rd = core.ready();
    assertEquals(3, rd.committedEntries().get(rd.committedEntries().size() - 1).index());
    assertEquals("hello", new String(rd.committedEntries().get(rd.committedEntries().size() - 1).data()));
    core.advance(rd);
    assertEquals(3, core.status().applied());
  }

  @Test
  void singleMemberElectsItselfAfterElectionTimeout() {
    StableLog storage = new StableLog(ConfState.ofVoters(1));
    RaftCore core = new RaftCore(RaftConfig.defaults(1, new SplittableRandom(7)), storage);
    for (int i = 0; i < 20; i++) {
      core.tick();
    }
    assertEquals(Role.LEADER, core.status().role());
  }

  @Test
  void singleMemberReadIndexAnswersImmediatelyWithCommitIndex() {
    TestCluster c = new TestCluster(1);
    c.elect(1);
    c.core(1).readIndex(TestCluster.bytes("r1"));
    c.stabilize();
    List<ReadState> rs = c.readStates.get(1L);
    assertEquals(1, rs.size());
    assertEquals(c.core(1).status().commit(), rs.get(0).index());
    assertEquals("r1", new String(rs.get(0).context()));
  }

  @Test
  void threeMembersElectReplicateAndCommit() {
    TestCluster c = new TestCluster(3);
    c.elect(1);
    c.core(1).propose(TestCluster.bytes("a"));
    c.core(2).propose(TestCluster.bytes("b")); // forwarded to the leader
    c.stabilize();
    for (long id = 1; id <= 3; id++) {
      assertEquals(List.of("a", "b"), c.appliedData(id), "member " + id);
      assertEquals(1, c.core(id).status().leader());
    }
  }

  @Test
  void aBatchOfProposalsTravelsInOneAppendPerFollower() {
    TestCluster c = new TestCluster(3);
    c.elect(1);
    c.sent.clear();
    c.core(1).proposeBatch(List.of(TestCluster.bytes("x"), TestCluster.bytes("y"),
        TestCluster.bytes("z")));
    c.stabilize();
    assertEquals(2, c.countSent(m -> m.type() == MessageType.APP && !m.entries().isEmpty()));
    assertEquals(List.of("x", "y", "z"), c.appliedData(3));
  }

  @Test
  void proposalWithoutLeaderIsDropped() {
    TestCluster c = new TestCluster(3);
    assertThrows(ProposalDroppedException.class, () -> c.core(1).propose(TestCluster.bytes("x")));
    assertThrows(ProposalDroppedException.class, () -> c.core(1).readIndex(TestCluster.bytes("x")));
  }

  @Test
  void messageWireFormRoundTrips() {
    Snapshot snap = new Snapshot(5, 2, new ConfState(List.of(1L, 2L), List.of(3L)), new byte[] {9});
    Message m = new Message(MessageType.APP, 2, 1, 3, 2, 5,
        List.of(new Entry(3, 6, EntryType.CONF_CHANGE, new byte[] {1, 2}),
            new Entry(3, 7, EntryType.NORMAL, null)),
        4, snap, true, 9, new byte[] {7});
    Message back = Message.fromBytes(m.toBytes());
    assertEquals(m.toString(), back.toString());
    assertEquals(2, back.entries().size());
    assertEquals(List.of(3L), back.snapshot().confState().learners());
    assertEquals(7, back.context()[0]);
    assertNotNull(back.entries().get(0).data());
    ConfChange cc = new ConfChange(ConfChangeType.ADD_LEARNER_NODE, 4, new byte[] {5});
    assertEquals(cc.nodeId(), ConfChange.fromBytes(cc.toBytes()).nodeId());
    assertThrows(IllegalArgumentException.class, () -> Message.fromBytes(new byte[] {1, 2}));
  }

  private static void persist(StableLog storage, Ready rd) {
    storage.append(rd.entries());
    if (rd.hardState() != null) {
      storage.setHardState(rd.hardState());
    }
  }
}
