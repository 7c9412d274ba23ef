package io.vetcd.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vetcd.bus.Addresses;
import io.vetcd.bus.AppliedBatch;
import io.vetcd.bus.ApplyBatch;
import io.vetcd.bus.Codecs;
import io.vetcd.mvcc.CommittedEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Entries committed while the apply worker holds a batch reach it together, as one batch, when it
 * answers; an idle worker gets them at once. A consumer on the worker's address stands in for the
 * storage verticle and records the batches as they arrive.
 */
@ExtendWith(VertxExtension.class)
class ApplyQueueTest {

  @Test
  void entriesCommittedDuringAnApplyGoTogetherAfterIt(Vertx vertx, VertxTestContext test) {
    Codecs.registerAll(vertx.eventBus());
    List<List<Long>> received = new ArrayList<>();
    List<Long> applied = new ArrayList<>();
    vertx.runOnContext(start -> {
      vertx.eventBus().<ApplyBatch>consumer(Addresses.STORAGE_APPLY, message -> {
        List<Long> indexes = message.body().entries().stream().map(CommittedEntry::index).toList();
        received.add(indexes);
        message.reply(new AppliedBatch(indexes.get(indexes.size() - 1)));
      });
      ApplyQueue queue = new ApplyQueue(vertx.eventBus(), batch -> {
        applied.add(batch.appliedIndex());
        if (batch.appliedIndex() == 4) {
          test.verify(() -> {
            assertEquals(List.of(List.of(1L), List.of(2L, 3L, 4L)), received,
                "the first entry at once, the three committed during its apply as one batch");
            assertEquals(List.of(1L, 4L), applied, "each batch reported applied, in order");
          });
          test.completeNow();
        }
      }, test::failNow);
      // All in one event-loop turn, so the worker cannot answer the first before the others come.
      for (long index = 1; index <= 4; index++) {
        queue.add(List.of(new CommittedEntry(index, 1, null)), Map.of());
      }
    });
  }
}
