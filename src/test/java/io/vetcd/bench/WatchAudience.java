package io.vetcd.bench;

import com.google.protobuf.ByteString;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientOptions;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vetcd.proto.etcdserverpb.EtcdWatchGrpcClient;
import io.vetcd.proto.etcdserverpb.WatchCreateRequest;
import io.vetcd.proto.etcdserverpb.WatchRequest;
import io.vetcd.proto.etcdserverpb.WatchResponse;
import io.vetcd.proto.mvccpb.Event;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The watchers of `--op watch`: `--watchers` watches on the prefix bench/, spread over one watch
 * stream per `--conns` connection. Every put carries its send time in its first 8 value bytes,
 * so each event gives a put-to-event latency (client and watchers share this JVM's clock).
 */
final class WatchAudience {
  private static final long MAX_LATENCY_MICROS = TimeUnit.SECONDS.toMicros(60);
  static final int STAMP_BYTES = Long.BYTES;

  private final Histogram latencies = new ConcurrentHistogram(MAX_LATENCY_MICROS, 3);
  private final AtomicLong events = new AtomicLong();
  private final AtomicLong lastEventNanos = new AtomicLong();
  private final CountDownLatch created;

  private WatchAudience(int watchers) {
    this.created = new CountDownLatch(watchers);
  }

  /** Opens the streams and returns once every watch is created. */
  static WatchAudience open(Vertx vertx, BenchOptions options) throws Exception {
    WatchAudience audience = new WatchAudience(options.watchers());
    List<GrpcClientRequest<WatchRequest, WatchResponse>> streams = new ArrayList<>();
    for (int i = 0; i < options.conns(); i++) {
      String[] hostPort = options.endpoints().get(i % options.endpoints().size()).split(":");
      GrpcClient client = GrpcClient.client(vertx,
          new GrpcClientOptions().setMaxMessageSize(64 * 1024 * 1024));
      GrpcClientRequest<WatchRequest, WatchResponse> stream = client.request(
          SocketAddress.inetSocketAddress(Integer.parseInt(hostPort[1]), hostPort[0]),
          EtcdWatchGrpcClient.Watch).toCompletionStage().toCompletableFuture().get(
              10, TimeUnit.SECONDS);
      stream.response().onSuccess(response -> response.handler(audience::receive));
      streams.add(stream);
    }
    WatchCreateRequest create = WatchCreateRequest.newBuilder()
        .setKey(ByteString.copyFrom("bench/", StandardCharsets.US_ASCII))
        .setRangeEnd(ByteString.copyFrom("bench0", StandardCharsets.US_ASCII)).build();
    for (int w = 0; w < options.watchers(); w++) {
      streams.get(w % streams.size()).write(
          WatchRequest.newBuilder().setCreateRequest(create).build());
    }
    if (!audience.created.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException(audience.created.getCount() + " watches not created");
    }
    return audience;
  }

  /** A value of {@code template}'s size that starts with the current time. */
  static ByteString stamped(ByteString template) {
    ByteBuffer stamp = ByteBuffer.allocate(STAMP_BYTES).putLong(0, System.nanoTime());
    return ByteString.copyFrom(stamp).concat(template.substring(STAMP_BYTES));
  }

  private void receive(WatchResponse response) {
    if (response.getCreated()) {
      created.countDown();
    }
    long now = System.nanoTime();
    for (Event event : response.getEventsList()) {
      long sent = event.getKv().getValue().asReadOnlyByteBuffer().getLong(0);
      latencies.recordValue(Math.min(MAX_LATENCY_MICROS, (now - sent) / 1000));
    }
    if (response.getEventsCount() > 0) {
      lastEventNanos.set(now);
      events.addAndGet(response.getEventsCount());
    }
  }

  /** Waits until {@code expected} events have arrived; returns false on timeout. */
  boolean await(long expected, long timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (events.get() < expected && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return events.get() >= expected;
  }

  /** Prints delivery since {@code startNanos} in the load generator's RESULT format. */
  void print(long startNanos, int errors) {
    double seconds = (lastEventNanos.get() - startNanos) / 1e9;
    double eventsPerSecond = events.get() / seconds;
    System.out.printf("delivered: %.1f events/s (%d events in %.2f s)%n", eventsPerSecond,
        events.get(), seconds);
    System.out.printf("put-to-event ms: p50 %.3f  p90 %.3f  p99 %.3f  max %.3f%n", millis(50),
        millis(90), millis(99), latencies.getMaxValue() / 1000.0);
    System.out.printf("RESULT op=watch ops_per_s=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f "
            + "max_ms=%.3f errors=%d%n", eventsPerSecond, millis(50), millis(90), millis(99),
        latencies.getMaxValue() / 1000.0, errors);
  }

  private double millis(double percentile) {
    return latencies.getValueAtPercentile(percentile) / 1000.0;
  }
}
