package io.vetcd.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.vertx.core.Future;
import io.vetcd.mvcc.ApplyResult;
import io.vetcd.proto.etcdserverpb.RangeRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write is acknowledged only after its WAL record is fsynced, while apply is pipelined with the
 * next fsync, and the proposals made during an fsync share the next one (group commit). Real WAL
 * and Xodus in temp dirs; the driver's thread is held at its fault points and a crash image (a
 * copy of the data files as the OS holds them, which is what a process crash leaves) is taken
 * there, then started as a member of its own.
 *
 * <p>Shown able to fail: with the driver applying a Ready's new entries before saving them (ack
 * before fsync), {@link #crashBeforeFsyncAcknowledgesNothing} fails; with apply waiting for the
 * next save (the old driver), {@link #applyOverlapsTheNextFsync} fails; with each proposal handled
 * as it comes (the proposal handler calling processReady itself instead of queueing it behind
 * what waits), {@link #proposalsMadeDuringAnFsyncShareTheNextOne} sees saves of 1, 1, 1, 1.
 */
class DurableAckTest {
  private static final long WAIT_SECONDS = 10;
  /** How long an acknowledgement that should not come is given to show up anyway. */
  private static final long NO_ACK_MILLIS = 1_000;
  private static final int DURING_FSYNC = 4;

  @TempDir
  Path tmp;

  @Test
  void crashBeforeFsyncAcknowledgesNothing() throws Exception {
    HeldSaves held = new HeldSaves();
    try (TestMember member = TestMember.start(tmp.resolve("live"), held)) {
      held.holdBeforeNextSave();
      Future<ApplyResult> put = member.put("k", "v");
      held.awaitHeld();
      boolean ackedBeforeFsync = completesWithin(put, NO_ACK_MILLIS);
      member.crashImage(tmp.resolve("image"));
      held.release();
      assertTrue(completesWithin(put, WAIT_SECONDS * 1000), "the put completes after its fsync");
      assertFalse(ackedBeforeFsync, "a put was acknowledged before its WAL record was fsynced");
    }
    try (TestMember restarted = TestMember.start(tmp.resolve("image"), new HeldSaves())) {
      assertEquals(0, restarted.count("k"), "nothing written before the fsync survives");
    }
  }

  @Test
  void crashBetweenFsyncAndApplyLosesNothing() throws Exception {
    HeldSaves held = new HeldSaves();
    try (TestMember member = TestMember.start(tmp.resolve("live"), held)) {
      held.holdAfterNextSave();
      Future<ApplyResult> put = member.put("k", "v");
      held.awaitHeld();
      member.crashImage(tmp.resolve("image"));
      held.release();
      assertTrue(completesWithin(put, WAIT_SECONDS * 1000));
    }
    try (TestMember restarted = TestMember.start(tmp.resolve("image"), new HeldSaves())) {
      assertEquals(1, restarted.count("k"), "the fsynced write is applied from the WAL");
    }
  }

  @Test
  void applyOverlapsTheNextFsync() throws Exception {
    HeldSaves held = new HeldSaves();
    try (TestMember member = TestMember.start(tmp.resolve("live"), held)) {
      held.holdAfterNextSave();
      Future<ApplyResult> first = member.put("k1", "v");
      held.awaitHeld();
      // The second put reaches the driver while the first one's save is held: it is the new
      // entry of the Ready that also commits the first.
      Future<ApplyResult> second = member.put("k2", "v");
      member.awaitProposalsSent();
      held.holdBeforeNextSave();
      held.release();
      held.awaitHeld();
      assertTrue(completesWithin(first, WAIT_SECONDS * 1000),
          "the first put is applied while the second one's entry is being written");
      assertFalse(second.isComplete(), "the second put waits for its own fsync");
      held.release();
      assertTrue(completesWithin(second, WAIT_SECONDS * 1000));
    }
  }

  /** Though each came in a message of its own, they cost one fsync. */
  @Test
  void proposalsMadeDuringAnFsyncShareTheNextOne() throws Exception {
    HeldSaves held = new HeldSaves();
    try (TestMember member = TestMember.start(tmp.resolve("live"), held)) {
      held.holdAfterNextSave();
      Future<ApplyResult> first = member.put("k0", "v");
      held.awaitHeld();
      int savesBefore = held.saveSizes().size();
      List<Future<ApplyResult>> during = new ArrayList<>();
      for (int i = 1; i <= DURING_FSYNC; i++) {
        during.add(member.put("k" + i, "v"));
        member.awaitProposalsSent(); // each in a message of its own
      }
      held.release();
      first.await();
      during.forEach(put -> put.await());
      List<Integer> saves = held.saveSizes();
      assertEquals(List.of(DURING_FSYNC), saves.subList(savesBefore, saves.size()),
          "entries per save after the held one");
    }
  }

  private static boolean completesWithin(Future<?> future, long millis) throws Exception {
    try {
      future.toCompletionStage().toCompletableFuture().get(millis, TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    }
  }

  static RangeRequest rangeOf(String key) {
    return RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8(key)).setCountOnly(true).build();
  }
}
