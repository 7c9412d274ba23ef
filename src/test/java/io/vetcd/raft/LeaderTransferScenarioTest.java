package io.vetcd.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Leadership transfer (thesis §3.10; etcd MoveLeader). */
class LeaderTransferScenarioTest {

  @Test
  void anUpToDateFollowerTakesOverDespiteTheLeaderLease_thesis3_10() {
    TestCluster c = new TestCluster(3); // check-quorum on: the transfer must bypass the lease
    c.elect(1);
    long term = c.core(1).status().term();
    c.core(1).transferLeader(2);
    c.stabilize();
    assertEquals(2, c.leader());
    assertEquals(term + 1, c.core(2).status().term());
    assertEquals(2, c.core(1).status().leader());
  }

  @Test
  void aLaggingTransfereeIsCaughtUpFirst_thesis3_10() {
    TestCluster c = new TestCluster(3);
    c.elect(1);
    c.isolate(3);
    for (int i = 0; i < 5; i++) {
      c.core(1).propose(TestCluster.bytes("v" + i));
    }
    c.stabilize();
    c.heal();
    c.core(1).transferLeader(3);
    c.stabilize();
    assertEquals(3, c.leader());
    assertEquals(5, c.appliedData(3).size());
  }

  @Test
  void proposalsAreRefusedDuringATransferAndAcceptedAfterItTimesOut_etcd() {
    TestCluster c = new TestCluster(3);
    c.elect(1);
    c.drop = m -> m.type() == MessageType.TIMEOUT_NOW;
    c.core(1).transferLeader(2);
    c.stabilize();
    assertEquals(2, c.core(1).status().leadTransferee());
    assertThrows(ProposalDroppedException.class, () -> c.core(1).propose(TestCluster.bytes("x")));
    c.tickAll(10); // an election timeout: the transfer is abandoned
    assertEquals(0, c.core(1).status().leadTransferee());
    assertEquals(1, c.leader());
    c.core(1).propose(TestCluster.bytes("x"));
  }

  @Test
  void aFollowerForwardsATransferRequestToTheLeader() {
    TestCluster c = new TestCluster(3);
    c.elect(1);
    c.core(3).transferLeader(3);
    c.stabilize();
    assertEquals(3, c.leader());
  }

  @Test
  void transferToALearnerIsIgnored() {
    TestCluster c = new TestCluster(3);
    c.elect(1);
    c.core(1).proposeConfChange(new ConfChange(ConfChangeType.ADD_LEARNER_NODE, 4));
    c.add(4, new StableLog());
    c.stabilize();
    c.core(1).transferLeader(4);
    c.stabilize();
    assertEquals(1, c.leader());
    assertTrue(c.countSent(m -> m.type() == MessageType.TIMEOUT_NOW) == 0);
  }
}
