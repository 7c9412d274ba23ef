package io.vetcd.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vetcd.mvcc.ApplyResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proposals that reach the driver while its thread fsyncs go into the next save together, one
 * fsync for all of them, though each came in a message of its own. Real WAL and Xodus; the
 * driver's thread is held after a save while the proposals are sent.
 *
 * <p>Shown able to fail: with each proposal handled as it comes (the proposal handler calling
 * processReady itself instead of queueing it behind what waits), the saves are 1, 1, 1, 1.
 */
class GroupCommitTest {
  private static final int DURING_FSYNC = 4;

  @TempDir
  Path tmp;

  @Test
  void proposalsMadeDuringAnFsyncShareTheNextOne() throws Exception {
    HeldSaves held = new HeldSaves();
    try (TestMember member = TestMember.start(tmp, held)) {
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
}
