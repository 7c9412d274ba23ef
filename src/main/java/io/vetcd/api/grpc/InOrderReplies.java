package io.vetcd.api.grpc;

import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Writes the answers of a stream's requests in the order the requests came, though they may
 * complete in any order, so that many requests can be in flight at once. The first failure ends
 * the stream; nothing after it is written. Used on the stream's context only.
 */
final class InOrderReplies<T> {
  private final ArrayDeque<Future<T>> pending = new ArrayDeque<>();
  private final Consumer<T> write;
  private final Consumer<Throwable> fail;
  private Runnable onDrained;
  private boolean failed;

  InOrderReplies(Consumer<T> write, Consumer<Throwable> fail) {
    this.write = write;
    this.fail = fail;
  }

  void add(Future<T> answer) {
    pending.add(answer);
    answer.onComplete(done -> drain());
  }

  /** Runs {@code action} once every answer added so far is written (at once if none is pending). */
  void whenDrained(Runnable action) {
    onDrained = action;
    drain();
  }

  private void drain() {
    while (!failed && !pending.isEmpty() && pending.peek().isComplete()) {
      Future<T> next = pending.poll();
      if (next.succeeded()) {
        write.accept(next.result());
      } else {
        failed = true;
        fail.accept(next.cause());
      }
    }
    if (!failed && pending.isEmpty() && onDrained != null) {
      Runnable action = onDrained;
      onDrained = null;
      action.run();
    }
  }
}
