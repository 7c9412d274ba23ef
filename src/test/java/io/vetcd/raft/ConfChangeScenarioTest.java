package io.vetcd.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Single-server membership changes with learners (thesis §4.1, §4.2.1; etcd learners). */
class ConfChangeScenarioTest {

  private static TestCluster withLearner4() {
    TestCluster c = new TestCluster(3);
    c.elect(1);
    c.core(1).propose(TestCluster.bytes("before"));
    c.core(1).proposeConfChange(new ConfChange(ConfChangeType.ADD_LEARNER_NODE, 4));
    c.add(4, new StableLog()); // the operator starts the new member with an empty disk
    c.stabilize();
    return c;
  }

  @Test
  void aLearnerReceivesTheLogAndLearnsTheMembershipFromIt_etcdLearner() {
    TestCluster c = withLearner4();
    assertEquals(List.of("before"), c.appliedData(4));
    assertEquals(new ConfState(List.of(1L, 2L, 3L), List.of(4L)), c.core(4).status().confState(),
        "the joining member replayed the bootstrap entries, not just its own addition");
  }

  @Test
  void aLearnerDoesNotCountForCommit_etcdLearner() {
    TestCluster c = withLearner4();
    c.isolate(2);
    c.isolate(3);
    long commit = c.core(1).status().commit();
    c.core(1).propose(TestCluster.bytes("needs a voter"));
    c.stabilize();
    assertEquals(commit, c.core(1).status().commit());
    assertEquals(commit + 1, c.core(4).status().lastIndex(), "the learner has it, uncommitted");
  }

  @Test
  void aLearnerNeverCampaigns_etcdLearner() {
    TestCluster c = withLearner4();
    long term = c.core(4).status().term();
    c.isolate(4);
    c.tickAll(60);
    assertEquals(Role.FOLLOWER, c.core(4).status().role());
    assertEquals(term, c.core(4).status().term());
  }

  @Test
  void promotingALearnerMakesItAVoterEverywhere_etcdPromote() {
    TestCluster c = withLearner4();
    c.core(1).proposeConfChange(new ConfChange(ConfChangeType.ADD_NODE, 4));
    c.stabilize();
    for (long id = 1; id <= 4; id++) {
      assertEquals(List.of(1L, 2L, 3L, 4L), c.core(id).status().confState().voters());
    }
    c.isolate(2);
    c.isolate(3);
    long commit = c.core(1).status().commit();
    c.core(1).propose(TestCluster.bytes("2 of 4 is not a quorum"));
    c.stabilize();
    assertEquals(commit, c.core(1).status().commit());
  }

  @Test
  void onlyOneConfChangeMayBePendingAtATime_thesis4_1() {
    TestCluster c = new TestCluster(3);
    c.elect(1);
    c.core(1).proposeConfChange(new ConfChange(ConfChangeType.ADD_LEARNER_NODE, 4));
    assertThrows(ProposalDroppedException.class,
        () -> c.core(1).proposeConfChange(new ConfChange(ConfChangeType.REMOVE_NODE, 3)));
    c.stabilize();
    c.core(1).proposeConfChange(new ConfChange(ConfChangeType.REMOVE_NODE, 3));
  }

  @Test
  void aNewLeaderAcceptsNoConfChangeUntilItsPredecessorsEntriesAreApplied_etcdPendingConf() {
    // Every member holds an uncommitted entry of term 2. Until the new leader's term commits it
    // (and it is applied), a conf change could overlap one the old leader started.
    TestCluster c = new TestCluster(3);
    for (long id = 1; id <= 3; id++) {
      c.restartWith(id, TestCluster.storageWithLog(3, 2, 2));
    }
    c.drop = m -> m.type() == MessageType.APP;
    c.elect(1);
    assertThrows(ProposalDroppedException.class,
        () -> c.core(1).proposeConfChange(new ConfChange(ConfChangeType.REMOVE_NODE, 3)));
    c.drop = m -> false;
    c.tickAll(1);
    c.core(1).proposeConfChange(new ConfChange(ConfChangeType.REMOVE_NODE, 3));
  }

  @Test
  void aRemovedFollowerNoLongerCountsForQuorum_thesis4_1() {
    TestCluster c = new TestCluster(3);
    c.elect(1);
    c.core(1).proposeConfChange(new ConfChange(ConfChangeType.REMOVE_NODE, 3));
    c.stabilize();
    assertEquals(List.of(1L, 2L), c.core(1).status().confState().voters());
    c.isolate(3);
    long commit = c.core(1).status().commit();
    c.core(1).propose(TestCluster.bytes("2 of 2"));
    c.stabilize();
    assertEquals(commit + 1, c.core(1).status().commit());
  }

  @Test
  void aRemovedLeaderStepsDownAndTheRestElectANewOne_thesis4_2_2() {
    TestCluster c = new TestCluster(3);
    c.elect(1);
    c.core(1).proposeConfChange(new ConfChange(ConfChangeType.REMOVE_NODE, 1));
    c.stabilize();
    assertEquals(Role.FOLLOWER, c.core(1).status().role());
    c.isolate(1);
    c.tickAll(40);
    long leader = c.leader();
    assertNotEquals(0, leader);
    assertNotEquals(1, leader);
    assertEquals(List.of(2L, 3L), c.core(leader).status().confState().voters());
  }

  @Test
  void removingTheLastVoterIsIgnoredByEveryMember() {
    TestCluster c = new TestCluster(1);
    c.elect(1);
    c.core(1).proposeConfChange(new ConfChange(ConfChangeType.REMOVE_NODE, 1));
    c.stabilize();
    assertEquals(List.of(1L), c.core(1).status().confState().voters());
    assertEquals(Role.LEADER, c.core(1).status().role());
  }
}
