package io.vetcd.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vetcd.raft.tracker.ProgressState;
import org.junit.jupiter.api.Test;

/** Log compaction and snapshot transfer to a follower that fell behind (paper §7). */
class SnapshotScenarioTest {

  /** Member 3 misses 20 entries, then the leader compacts them away. */
  private static TestCluster laggingFollowerAfterCompaction() {
    TestCluster c = new TestCluster(3);
    c.elect(1);
    c.isolate(3);
    for (int i = 0; i < 20; i++) {
      c.core(1).propose(TestCluster.bytes("v" + i));
    }
    c.stabilize();
    RaftCore leader = c.core(1);
    long applied = leader.status().applied();
    leader.compact(applied, TestCluster.bytes("state@" + applied), leader.status().confState());
    assertEquals(applied + 1, c.storages.get(1L).firstIndex());
    return c;
  }

  /** The leader sent member 3 the snapshot, and it was lost (it waits in SNAPSHOT state). */
  private static TestCluster snapshotHeldBack() {
    TestCluster c = laggingFollowerAfterCompaction();
    c.heal();
    c.drop = m -> m.type() == MessageType.SNAP;
    c.tickAll(3);
    assertEqualsState(ProgressState.SNAPSHOT, c, 3);
    return c;
  }

  @Test
  void aFollowerBehindTheCompactedLogGetsTheSnapshot_paper7() {
    TestCluster c = laggingFollowerAfterCompaction();
    long snapshotIndex = c.storages.get(1L).snapshot().index();
    c.heal();
    c.tickAll(3);
    assertEquals(1, c.countSent(m -> m.type() == MessageType.SNAP && m.to() == 3));
    assertEquals(snapshotIndex, c.storages.get(3L).snapshot().index(), "installed");
    assertEquals("state@" + snapshotIndex, new String(c.storages.get(3L).snapshot().data()));
    c.core(1).propose(TestCluster.bytes("after"));
    c.stabilize();
    assertEquals(c.core(1).status().commit(), c.core(3).status().commit());
    assertEqualsState(ProgressState.REPLICATE, c, 3);
    assertEquals("after", c.appliedData(3).get(c.appliedData(3).size() - 1));
  }

  @Test
  void aLostSnapshotIsSentAgainAfterATimeout() {
    TestCluster c = snapshotHeldBack();
    c.drop = m -> false;
    c.tickAll(25); // more than two election timeouts: the leader gives up waiting and probes
    assertTrue(c.countSent(m -> m.type() == MessageType.SNAP) >= 2);
    assertEquals(c.core(1).status().commit(), c.core(3).status().commit());
  }

  /**
   * etcd's ReportSnapshot: the driver carries the snapshot out of band (the SNAP message stands
   * for its stream) and tells the leader when it got through, so the leader probes the follower
   * at once instead of waiting out the snapshot timeout.
   */
  @Test
  void aDeliveredSnapshotReportedByTheDriverLetsTheLeaderReplicateAgain() {
    TestCluster c = snapshotHeldBack();
    Message snap = c.sent.stream().filter(m -> m.type() == MessageType.SNAP).findFirst()
        .orElseThrow();
    c.drop = m -> false;
    c.core(3).step(snap); // the stream arrived
    c.core(1).reportSnapshot(3, true);
    assertEqualsState(ProgressState.PROBE, c, 3);
    c.stabilize();
    assertEqualsState(ProgressState.REPLICATE, c, 3);
    assertEquals(1, c.countSent(m -> m.type() == MessageType.SNAP), "sent once, no timeout");
    c.core(1).propose(TestCluster.bytes("after"));
    c.stabilize();
    assertEquals(c.core(1).status().commit(), c.core(3).status().commit());
  }

  @Test
  void aFailedSnapshotReportedByTheDriverIsSentAgainWithoutWaitingForTheTimeout() {
    TestCluster c = snapshotHeldBack();
    assertEquals(1, c.countSent(m -> m.type() == MessageType.SNAP));
    c.core(1).reportSnapshot(3, false);
    assertEqualsState(ProgressState.PROBE, c, 3);
    c.drop = m -> false;
    c.tickAll(3); // a heartbeat's answer lets the next probe out, which asks for the snapshot
    assertEquals(2, c.countSent(m -> m.type() == MessageType.SNAP));
    assertEquals(c.core(1).status().commit(), c.core(3).status().commit());
  }

  @Test
  void aReportForAFollowerNotWaitingForASnapshotChangesNothing() {
    TestCluster c = laggingFollowerAfterCompaction();
    c.core(1).reportSnapshot(2, false);
    assertEqualsState(ProgressState.REPLICATE, c, 2);
  }

  @Test
  void compactingBeyondTheAppliedIndexIsRefused() {
    TestCluster c = new TestCluster(1);
    c.elect(1);
    RaftCore core = c.core(1);
    assertThrows(IllegalArgumentException.class, () -> core.compact(core.status().applied() + 1,
        new byte[0], core.status().confState()));
  }

  private static void assertEqualsState(ProgressState expected, TestCluster c, long follower) {
    assertEquals(expected, c.core(1).status().progress().get(follower).state());
  }
}
