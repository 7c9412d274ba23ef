package io.vetcd.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Calls of one event-loop turn share one batch; each keeps its own answer or failure. */
@ExtendWith(VertxExtension.class)
class TurnBatcherTest {

  @Test
  void callsOfOneTurnShareOneBatchAndKeepTheirOwnOutcome(Vertx vertx, VertxTestContext test) {
    Context context = vertx.getOrCreateContext();
    List<List<Integer>> batches = new ArrayList<>();
    TurnBatcher<Integer, Integer> batcher = new TurnBatcher<>(context, items -> {
      batches.add(List.copyOf(items));
      List<Future<Integer>> answers = new ArrayList<>();
      for (int item : items) {
        answers.add(item < 0 ? Future.failedFuture("negative " + item) : Future.succeededFuture(2 * item));
      }
      return Future.succeededFuture(answers);
    });
    context.runOnContext(v -> {
      Future<Integer> one = batcher.submit(1);
      Future<Integer> bad = batcher.submit(-1);
      Future<Integer> three = batcher.submit(3);
      Future.join(one, bad, three).onComplete(done -> test.verify(() -> {
        assertEquals(List.of(List.of(1, -1, 3)), batches, "one batch for the turn");
        assertEquals(2, one.result());
        assertTrue(bad.failed());
        assertEquals("negative -1", bad.cause().getMessage());
        assertEquals(6, three.result());
        batcher.submit(5).onComplete(test.succeeding(ten -> test.verify(() -> {
          assertEquals(10, ten);
          assertEquals(2, batches.size(), "a later turn gets a batch of its own");
          test.completeNow();
        })));
      }));
    });
  }

  @Test
  void callsFromAnotherThreadAreServedOnTheBatchersContext(Vertx vertx, VertxTestContext test) {
    Context context = vertx.getOrCreateContext();
    TurnBatcher<Integer, Boolean> batcher = new TurnBatcher<>(context, items -> Future.succeededFuture(
        items.stream().map(i -> Future.succeededFuture(Vertx.currentContext() == context)).toList()));
    batcher.submit(1).onComplete(test.succeeding(onContext -> test.verify(() -> {
      assertTrue(onContext);
      test.completeNow();
    })));
  }
}
