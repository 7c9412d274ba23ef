package io.vetcd.it;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for a condition by asking again, for at most a bounded time: a test's correctness then
 * depends on what it observes, and the bound only on how slow the machine may be.
 */
final class Poll {
  private static final Duration PAUSE = Duration.ofMillis(200);

  private Poll() {}

  /** Calls {@code probe} until {@code done} accepts its result or {@code limit} has passed; returns the last result. */
  static <T> T until(Duration limit, Supplier<T> probe, Predicate<T> done) throws InterruptedException {
    Instant deadline = Instant.now().plus(limit);
    T result = probe.get();
    while (!done.test(result) && Instant.now().isBefore(deadline)) {
      Thread.sleep(PAUSE.toMillis());
      result = probe.get();
    }
    return result;
  }
}
