package io.vetcd.bench;

import com.google.protobuf.ByteString;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The watchers of one benchmark case: watches on the prefix bench/, spread over some watch
 * channels (gRPC streams or WebSockets), plus optionally one watch on a channel of its own that
 * stops reading once created. Every put carries its send time in its first 8 value bytes, so each
 * event gives a put-to-event latency (writer and watchers share this JVM's clock); only puts sent
 * inside the measuring window count.
 */
final class WatchAudience implements WatchChannel.Listener {
  static final int STAMP_BYTES = Long.BYTES;
  private static final long MAX_LATENCY_MICROS = TimeUnit.SECONDS.toMicros(60);

  private final Histogram latencies = new ConcurrentHistogram(MAX_LATENCY_MICROS, 3);
  private final AtomicLong measuredEvents = new AtomicLong();
  private final List<WatchChannel> channels = new ArrayList<>();
  private volatile CountDownLatch created = new CountDownLatch(0);
  private volatile long windowStartNanos = Long.MAX_VALUE;
  private volatile long windowEndNanos = Long.MAX_VALUE;

  /** Opens {@code watchers} watches over at most --conns channels; returns once all exist. */
  static WatchAudience open(Vertx vertx, WatchBenchOptions options, int watchers, boolean slowOne)
      throws Exception {
    WatchAudience audience = new WatchAudience();
    int channels = Math.min(watchers, options.conns());
    for (int c = 0; c < channels; c++) {
      audience.channels.add(await(WatchChannel.open(vertx, options, audience)));
    }
    audience.createWatches(watchers, audience.channels);
    if (slowOne) {
      WatchChannel slow = await(WatchChannel.open(vertx, options, new WatchChannel.Listener() {
        @Override
        public void created() {
          audience.created();
        }

        @Override
        public void event(long stampNanos) {} // never read past the first frames
      }));
      audience.channels.add(slow);
      audience.createWatches(1, List.of(slow));
      slow.stopReading();
    }
    return audience;
  }

  private void createWatches(int count, List<WatchChannel> over) throws InterruptedException {
    created = new CountDownLatch(count);
    for (int w = 0; w < count; w++) {
      over.get(w % over.size()).createWatch();
    }
    if (!created.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException(created.getCount() + " of " + count + " watches not created");
    }
  }

  /** A value of {@code template}'s size that starts with the current time. */
  static ByteString stamped(ByteString template) {
    ByteBuffer stamp = ByteBuffer.allocate(STAMP_BYTES).putLong(0, System.nanoTime());
    return ByteString.copyFrom(stamp).concat(template.substring(STAMP_BYTES));
  }

  /** From now on, events of puts sent are measured. */
  void startWindow() {
    windowStartNanos = System.nanoTime();
  }

  /** Puts sent from now on are not measured. */
  void endWindow() {
    windowEndNanos = System.nanoTime();
  }

  @Override
  public void created() {
    created.countDown();
  }

  @Override
  public void event(long stampNanos) {
    long now = System.nanoTime();
    if (stampNanos >= windowStartNanos && stampNanos < windowEndNanos) {
      latencies.recordValue(Math.min(MAX_LATENCY_MICROS, (now - stampNanos) / 1000));
      measuredEvents.incrementAndGet();
    }
  }

  /** Waits until {@code expected} measured events have arrived; the count that did. */
  long await(long expected, long timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (measuredEvents.get() < expected && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return measuredEvents.get();
  }

  Histogram latencies() {
    return latencies;
  }

  void close() throws Exception {
    List<Future<Void>> closing = new ArrayList<>();
    channels.forEach(channel -> closing.add(channel.close()));
    Future.join(closing).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
