package io.vetcd.compactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The auto-compaction schedules of etcd 3.4 (etcdserver/api/v3compactor), on logical time. */
class CompactionPolicyTest {

  @Test
  void periodicWaitsOneRetentionThenCompactsAtTheRevisionOfOneRetentionAgo() {
    long hour = 3_600_000;
    PeriodicPolicy policy = new PeriodicPolicy(hour, 0, 100);
    assertEquals(hour / 10, policy.checkIntervalMillis());
    long now = 0;
    long rev = 100;
    OptionalLong due = OptionalLong.empty();
    while (due.isEmpty()) {
      now += policy.checkIntervalMillis();
      rev += 7;
      due = policy.check(now, rev);
    }
    assertEquals(hour, now, "first compaction one retention after start");
    assertEquals(100, due.getAsLong(), "the revision sampled one retention ago, at start");
    assertEquals(rev - 10 * 7, due.getAsLong());
    policy.compacted(now, due.getAsLong());
    assertTrue(policy.check(now + policy.checkIntervalMillis(), rev + 7).isEmpty());
  }

  @Test
  void periodicRetriesEveryCheckAfterAFailure() {
    PeriodicPolicy policy = new PeriodicPolicy(10_000, 0, 1);
    OptionalLong first = policy.check(10_000, 50);
    assertTrue(first.isPresent());
    assertTrue(policy.check(11_000, 60).isPresent(), "no success recorded: retry at next check");
  }

  @Test
  void periodicChecksAtMostEverySixMinutesForLongRetentions() {
    PeriodicPolicy policy = new PeriodicPolicy(24 * 3_600_000L, 0, 1);
    assertEquals(360_000, policy.checkIntervalMillis());
  }

  @Test
  void revisionKeepsTheLastRetentionRevisions() {
    RevisionPolicy policy = new RevisionPolicy(1000, 300_000);
    assertTrue(policy.check(0, 1000).isEmpty(), "nothing older than the retention yet");
    assertEquals(500, policy.check(0, 1500).getAsLong());
    policy.compacted(0, 500);
    assertTrue(policy.check(0, 1500).isEmpty(), "same revision as the last compaction");
    assertEquals(501, policy.check(0, 1501).getAsLong());
  }
}
