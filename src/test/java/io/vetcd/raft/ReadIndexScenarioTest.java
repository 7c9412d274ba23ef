package io.vetcd.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Linearizable reads with ReadIndex (thesis §6.4), including across leader changes. */
class ReadIndexScenarioTest {

  private static List<String> contexts(TestCluster c, long id) {
    return c.readStates.get(id).stream().map(rs -> new String(rs.context())).toList();
  }

  @Test
  void theLeaderAnswersWithItsCommitIndexOnceAQuorumConfirmsIt_thesis6_4() {
    TestCluster c = new TestCluster(3);
    c.elect(1);
    c.isolate(2);
    c.isolate(3);
    c.core(1).readIndex(TestCluster.bytes("r1"));
    c.stabilize();
    assertEquals(List.of(), c.readStates.get(1L), "no quorum, no answer");
    c.heal();
    c.tickAll(1); // the next heartbeat carries the pending read's context
    assertEquals(List.of("r1"), contexts(c, 1));
    assertEquals(c.core(1).status().commit(), c.readStates.get(1L).get(0).index());
  }

  @Test
  void aFollowersReadIsForwardedAndAnsweredByTheLeader_thesis6_4() {
    TestCluster c = new TestCluster(3);
    c.elect(1);
    c.core(1).propose(TestCluster.bytes("v"));
    c.stabilize();
    c.core(3).readIndex(TestCluster.bytes("f1"));
    c.stabilize();
    assertEquals(List.of("f1"), contexts(c, 3));
    assertEquals(c.core(1).status().commit(), c.readStates.get(3L).get(0).index());
  }

  @Test
  void readsIssuedTogetherShareOneHeartbeatRound_batching() {
    TestCluster c = new TestCluster(3);
    c.elect(1);
    c.sent.clear();
    for (int i = 0; i < 5; i++) {
      c.core(1).readIndex(TestCluster.bytes("b" + i));
    }
    c.stabilize();
    assertEquals(List.of("b0", "b1", "b2", "b3", "b4"), contexts(c, 1));
    assertEquals(2, c.countSent(m -> m.type() == MessageType.HEARTBEAT), "one per follower");
  }

  @Test
  void aDeposedLeaderCannotAnswerReads_thesis6_4() {
    TestCluster c = new TestCluster(3, cfg -> cfg.withCheckQuorum(false));
    c.elect(1);
    c.isolate(1);
    c.tickAll(40); // 2 and 3 elect a new leader; 1 still believes it leads
    c.core(1).readIndex(TestCluster.bytes("stale"));
    c.tickAll(5);
    assertEquals(List.of(), c.readStates.get(1L));
    c.heal();
    c.tickAll(3);
    assertEquals(List.of(), c.readStates.get(1L), "dropped when it stepped down");
  }

  @Test
  void aNewLeaderAnswersOnlyAfterCommittingAnEntryOfItsTerm_thesis6_4() {
    TestCluster c = new TestCluster(3);
    c.elect(1);
    c.core(1).propose(TestCluster.bytes("v"));
    c.stabilize();
    c.drop = m -> m.type() == MessageType.APP; // 2 becomes leader, its first entry is held back
    c.core(1).transferLeader(2);
    c.stabilize();
    assertEquals(2, c.leader());
    c.core(2).readIndex(TestCluster.bytes("early"));
    c.stabilize();
    assertEquals(List.of(), c.readStates.get(2L), "its commit index may be stale");
    c.drop = m -> false;
    c.tickAll(1);
    assertEquals(List.of("early"), contexts(c, 2));
    long index = c.readStates.get(2L).get(0).index();
    assertEquals(c.core(2).status().term(), c.core(2).logEntries(index, index + 1).get(0).term(),
        "the read index covers the new leader's first entry");
  }

  @Test
  void theBrokenReadPathAnswersWithoutAQuorum() {
    TestCluster c = new TestCluster(3, cfg -> cfg, UnsafeBug.READ_WITHOUT_QUORUM);
    c.elect(1);
    c.isolate(1);
    c.core(1).readIndex(TestCluster.bytes("r"));
    c.stabilize();
    assertTrue(!c.readStates.get(1L).isEmpty());
  }
}
