package io.vetcd.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Log replication: consistency repair, the commit rule, backtracking and flow control. */
class ReplicationScenarioTest {
  /** The leader's log of the paper's Figure 7 (terms of indexes 1..10), after 3 bootstrap entries. */
  private static final long[] FIGURE7_LEADER = {1, 1, 1, 4, 4, 5, 5, 6, 6, 6};
  private static final long[][] FIGURE7_FOLLOWERS = {
      {1, 1, 1, 4, 4, 5, 5, 6, 6}, // (a) missing an entry
      {1, 1, 1, 4}, // (b) missing many
      {1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6}, // (c) an extra uncommitted entry
      {1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7}, // (d) extra entries of a later term
      {1, 1, 1, 4, 4, 4, 4}, // (e) divergent entries of term 4
      {1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3}, // (f) divergent entries of terms 2 and 3
  };

  /** Wins an election for member 1 with a vote injected from the silent member 3. */
  private static void electWithThirdVote(TestCluster c) {
    c.isolate(3);
    c.core(1).campaign();
    long term = c.core(1).status().term();
    c.processReady(1);
    c.core(1).step(new Message(MessageType.VOTE_RESP, 1, 3, term, 0, 0, List.of(), 0, null, false,
        0, null));
    assertEquals(Role.LEADER, c.core(1).status().role());
    c.stabilize();
  }

  @ParameterizedTest(name = "follower ({0})")
  @ValueSource(ints = {0, 1, 2, 3, 4, 5})
  void theLeaderForcesFollowersToDuplicateItsLog_paper5_3_figure7(int which) {
    TestCluster c = new TestCluster(3, cfg -> cfg.withPreVote(false).withCheckQuorum(false));
    c.restartWith(1, TestCluster.storageWithLog(3, 7, FIGURE7_LEADER));
    c.restartWith(2, TestCluster.storageWithLog(3, 7, FIGURE7_FOLLOWERS[which]));
    electWithThirdVote(c);
    c.core(1).propose(TestCluster.bytes("after"));
    c.stabilize();
    assertEquals(c.describeLog(1), c.describeLog(2), "logs are identical");
    assertEquals(c.core(1).status().commit(), c.core(2).status().commit());
  }

  @Test
  void anOldTermEntryIsNotCommittedByCountingReplicas_paper5_4_2_figure8() {
    // S1 leads term 4 holding entry 6 of term 2 (after 5 bootstrap entries); S2 has it too, S3
    // lacks it, S4 and S5 are unreachable. Once S3 holds entry 6 it is on a majority, but it must
    // not commit until an entry of term 4 is on a majority as well.
    TestCluster c = new TestCluster(5, cfg -> cfg.withPreVote(false).withCheckQuorum(false)
        .withFlowControl(1, 1));
    c.restartWith(1, TestCluster.storageWithLog(5, 3, 2));
    c.restartWith(2, TestCluster.storageWithLog(5, 3, 2));
    c.isolate(4);
    c.isolate(5);
    // Once S3 holds entry 6, hold back the append that would give it entry 7.
    c.drop = m -> m.to() == 3 && m.type() == MessageType.APP && m.index() == 6
        && c.log(3).size() >= 6;
    c.elect(1);
    assertTrue(c.log(3).size() >= 6 && c.log(3).get(5).term() == 2, "S3 now holds entry 6");
    assertEquals(5, c.core(1).status().commit(), "entry 6 is on 3 of 5 but from an old term");
    c.drop = m -> false;
    c.tickAll(1);
    assertEquals(7, c.core(1).status().commit(), "committed with the term-4 entry after it");
  }

  @Test
  void theBrokenCommitRuleDoesCommitTheOldTermEntry() {
    TestCluster c = new TestCluster(5, cfg -> cfg.withPreVote(false).withCheckQuorum(false)
        .withFlowControl(1, 1), UnsafeBug.COMMIT_PREVIOUS_TERM);
    c.restartWith(1, TestCluster.storageWithLog(5, 3, 2));
    c.restartWith(2, TestCluster.storageWithLog(5, 3, 2));
    c.isolate(4);
    c.isolate(5);
    c.elect(1);
    assertEquals(6, c.core(1).status().commit());
  }

  @Test
  void aRejectionHintSkipsAWholeTerm_etcdFastBacktracking() {
    long[] leaderTerms = new long[30];
    long[] followerTerms = new long[30];
    java.util.Arrays.fill(leaderTerms, 3);
    java.util.Arrays.fill(followerTerms, 2);
    TestCluster c = new TestCluster(3, cfg -> cfg.withCheckQuorum(false));
    c.restartWith(1, TestCluster.storageWithLog(3, 3, leaderTerms));
    c.restartWith(2, TestCluster.storageWithLog(3, 3, followerTerms));
    c.restartWith(3, TestCluster.storageWithLog(3, 3, leaderTerms));
    c.elect(1);
    long rejections = c.countSent(m -> m.from() == 2 && m.type() == MessageType.APP_RESP
        && m.reject());
    assertTrue(rejections <= 2, "rejections: " + rejections + " (one per entry without hints)");
    assertEquals(c.describeLog(1), c.describeLog(2));
  }

  @Test
  void aReplicatingFollowerHasAtMostMaxInflightAppendsOutstanding_etcdFlowControl() {
    TestCluster c = new TestCluster(3, cfg -> cfg.withFlowControl(2, 1));
    c.elect(1);
    c.sent.clear();
    c.drop = m -> m.to() == 3; // 3 never answers
    for (int i = 0; i < 10; i++) {
      c.core(1).propose(TestCluster.bytes("p" + i));
    }
    c.stabilize();
    assertEquals(2, c.countSent(m -> m.to() == 3 && m.type() == MessageType.APP
        && !m.entries().isEmpty()));
    assertEquals(10 + 1 + 3, c.core(1).status().commit(), "1 and 2 still commit everything");
  }
}
