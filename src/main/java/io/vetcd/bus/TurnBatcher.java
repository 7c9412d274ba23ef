package io.vetcd.bus;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Serves the calls made during one event-loop turn with one batch operation, so that concurrent
 * requests cost one event-bus message or one worker task instead of one each. The batch runs
 * when the turn ends, so it starts after every call that joined it.
 */
public final class TurnBatcher<T, R> {
  private final Context context;
  private final Function<List<T>, Future<List<Future<R>>>> batch;
  private List<T> items;
  private List<Promise<R>> waiting;

  /** @param batch answers every item, in order; an item fails alone with a failed future */
  public TurnBatcher(Context context, Function<List<T>, Future<List<Future<R>>>> batch) {
    this.context = context;
    this.batch = batch;
  }

  public Future<R> submit(T item) {
    if (Vertx.currentContext() != context) {
      Promise<R> promise = Promise.promise();
      context.runOnContext(v -> submit(item).onComplete(promise));
      return promise.future();
    }
    if (items == null) {
      items = new ArrayList<>();
      waiting = new ArrayList<>();
      context.runOnContext(v -> flush());
    }
    Promise<R> promise = Promise.promise();
    items.add(item);
    waiting.add(promise);
    return promise.future();
  }

  private void flush() {
    List<T> batchItems = items;
    List<Promise<R>> batchWaiting = waiting;
    items = null;
    waiting = null;
    batch.apply(batchItems).onComplete(done -> {
      for (int i = 0; i < batchWaiting.size(); i++) {
        if (done.failed()) {
          batchWaiting.get(i).fail(done.cause());
        } else {
          done.result().get(i).onComplete(batchWaiting.get(i));
        }
      }
    });
  }
}
