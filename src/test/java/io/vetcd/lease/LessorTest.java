package io.vetcd.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vetcd.mvcc.Lease;
import io.vetcd.proto.etcdserverpb.LeaseCheckpoint;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The leader's lease clocks, driven by hand with a made-up time in milliseconds. */
class LessorTest {
  private static final long INTERVAL_MILLIS = 5_000;
  private final Lessor lessor = new Lessor(INTERVAL_MILLIS);

  @Test
  void aLeaseExpiresAtItsTtlAndNotBefore() {
    lessor.promote(List.of(), 0);
    lessor.granted(new Lease(1, 3, 0), 1_000);
    assertEquals(List.of(), lessor.expired(3_999, 10));
    assertEquals(List.of(1L), lessor.expired(4_000, 10));
    assertEquals(List.of(), lessor.expired(4_000, 10), "proposed once");
    assertEquals(0, lessor.renew(1, new Lease(1, 3, 0), 4_001), "an expired lease is not renewed");
  }

  @Test
  void aRevokeThatIsNotAppliedIsProposedAgainAfterTheRetryInterval() {
    lessor.promote(List.of(new Lease(1, 2, 0)), 0);
    assertEquals(List.of(1L), lessor.expired(2_000, 10));
    assertEquals(List.of(), lessor.expired(2_000 + Lessor.REVOKE_RETRY_MILLIS - 1, 10));
    assertEquals(List.of(1L), lessor.expired(2_000 + Lessor.REVOKE_RETRY_MILLIS, 10));
    lessor.revoked(1);
    assertEquals(List.of(), lessor.expired(100_000, 10));
  }

  @Test
  void renewalsPushTheExpiryBackWithoutGrowingTheHeap() {
    lessor.promote(List.of(new Lease(1, 10, 0)), 0);
    for (long now = 1_000; now <= 30_000; now += 1_000) {
      assertEquals(10, lessor.renew(1, null, now));
      assertEquals(List.of(), lessor.expired(now, 10));
    }
    assertEquals(9_000, lessor.remainingMillis(1, 31_000));
    assertEquals(List.of(), lessor.expired(39_999, 10));
    assertEquals(List.of(1L), lessor.expired(40_000, 10));
  }

  @Test
  void expiryComesInBoundedBatches() {
    lessor.promote(List.of(new Lease(1, 1, 0), new Lease(2, 1, 0), new Lease(3, 1, 0)), 0);
    assertEquals(2, lessor.expired(1_000, 2).size());
    assertEquals(1, lessor.expired(1_000, 2).size());
  }

  @Test
  void promotionGivesTheCheckpointedRemainderOrTheFullTtl() {
    lessor.promote(List.of(new Lease(1, 60, 20), new Lease(2, 60, 0)), 100_000);
    assertEquals(20_000, lessor.remainingMillis(1, 100_000));
    assertEquals(60_000, lessor.remainingMillis(2, 100_000));
    lessor.demote();
    assertFalse(lessor.isPrimary());
    assertEquals(-1, lessor.remainingMillis(1, 100_000));
    assertEquals(List.of(), lessor.expired(1_000_000, 10), "a follower expires nothing");
  }

  @Test
  void checkpointsAreBoundedAndOnlyWhereARestartWouldGiveTooMuch() {
    lessor.promote(List.of(new Lease(1, 60, 0), new Lease(2, 60, 0), new Lease(3, 4, 0)), 0);
    assertEquals(List.of(), lessor.checkpoints(4_000, 10), "less than one interval has passed");
    List<LeaseCheckpoint> first = lessor.checkpoints(10_000, 1);
    assertEquals(1, first.size(), "bounded");
    assertEquals(50, first.get(0).getRemainingTTL());
    List<LeaseCheckpoint> second = lessor.checkpoints(10_000, 10);
    assertEquals(1, second.size(), "the other 60 s lease; the 4 s one is not worth it");
    assertEquals(List.of(), lessor.checkpoints(12_000, 10), "both are checkpointed recently");
    assertEquals(List.of(45L, 45L),
        lessor.checkpoints(15_000, 10).stream().map(LeaseCheckpoint::getRemainingTTL).toList());
  }

  @Test
  void aRenewalClearsTheCheckpointOnceSoARestartGivesTheFullTtl() {
    lessor.promote(List.of(new Lease(1, 60, 20)), 0);
    assertEquals(List.of(), lessor.clears(10));
    lessor.renew(1, null, 1_000);
    lessor.renew(1, null, 2_000);
    List<LeaseCheckpoint> clears = lessor.clears(10);
    assertEquals(1, clears.size());
    assertEquals(0, clears.get(0).getRemainingTTL());
    lessor.renew(1, null, 3_000);
    assertEquals(List.of(), lessor.clears(10), "no checkpoint left to clear");
  }

  @Test
  void aKeepaliveForALeaseNotAnnouncedYetUsesTheStoresRecord() {
    lessor.promote(List.of(), 0);
    assertEquals(0, lessor.renew(7, null, 0));
    assertEquals(30, lessor.renew(7, new Lease(7, 30, 0), 0));
    assertTrue(lessor.remainingMillis(7, 0) > 0);
  }
}
