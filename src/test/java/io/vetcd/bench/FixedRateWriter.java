package io.vetcd.bench;

import com.google.protobuf.ByteString;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientOptions;
import io.vetcd.proto.etcdserverpb.EtcdKVClient;
import io.vetcd.proto.etcdserverpb.EtcdKVGrpcClient;
import io.vetcd.proto.etcdserverpb.PutRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * One writer at a fixed rate, open loop: puts to bench/00000000..00000999 on one gRPC connection,
 * sent on schedule whether or not earlier ones have been answered, each value stamped with its
 * send time ({@link WatchAudience#stamped}).
 */
final class FixedRateWriter {
  private static final int KEY_SPACE = 1000;
  private static final long MAX_LATENCY_MICROS = TimeUnit.SECONDS.toMicros(60);

  private final Vertx vertx;
  private final EtcdKVClient kv;
  private final ByteString template;
  private final int rate;
  private final Random random = new Random(42);
  private final AtomicReference<Throwable> firstError = new AtomicReference<>();
  private final AtomicInteger putErrors = new AtomicInteger();
  /** The put latencies of the last run: what the commit costs, before any watcher. */
  private Histogram putLatencies = newHistogram();

  FixedRateWriter(Vertx vertx, String host, int port, int valSize, int rate) {
    this.vertx = vertx;
    this.rate = rate;
    byte[] bytes = new byte[valSize];
    random.nextBytes(bytes);
    this.template = ByteString.copyFrom(bytes);
    GrpcClient client = GrpcClient.client(vertx, new GrpcClientOptions(),
        new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
            .setHttp2ClearTextUpgrade(false));
    this.kv = EtcdKVGrpcClient.create(client,
        SocketAddress.inetSocketAddress(port, host));
  }

  /** Puts at the rate for {@code seconds}, waits for every answer; the number of puts sent. */
  int runFor(int seconds) throws Exception {
    return run((long) rate * seconds, () -> true, seconds);
  }

  /**
   * Puts at the rate while {@code going} holds, {@code maxSeconds} at most, waits for every
   * answer; the number of puts sent.
   */
  int runWhile(BooleanSupplier going, long maxSeconds) throws Exception {
    return run(rate * maxSeconds, going, maxSeconds);
  }

  private int run(long total, BooleanSupplier going, long seconds) throws Exception {
    putLatencies = newHistogram();
    putErrors.set(0);
    List<Future<?>> answers = new ArrayList<>();
    Promise<Void> sent = Promise.promise();
    long start = System.nanoTime();
    // A 1 ms tick sends whatever the schedule says is due, so a late tick catches up.
    vertx.setPeriodic(1, timer -> {
      long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L);
      while (answers.size() < due) {
        answers.add(put());
      }
      if (answers.size() == total || !going.getAsBoolean()) {
        vertx.cancelTimer(timer);
        sent.complete();
      }
    });
    sent.future().toCompletionStage().toCompletableFuture().get(seconds + 60L, TimeUnit.SECONDS);
    // Every answer, failed or not: failures are counted (putErrors), not fatal.
    Future.join(answers).otherwiseEmpty().toCompletionStage().toCompletableFuture()
        .get(60, TimeUnit.SECONDS);
    return answers.size();
  }

  private Future<?> put() {
    ByteString key = ByteString.copyFrom(String.format("bench/%08d", random.nextInt(KEY_SPACE)),
        StandardCharsets.US_ASCII);
    Histogram latencies = putLatencies;
    long sent = System.nanoTime();
    return kv.put(PutRequest.newBuilder().setKey(key).setValue(WatchAudience.stamped(template))
        .build()).onComplete(done -> {
          latencies.recordValue(Math.min(MAX_LATENCY_MICROS, (System.nanoTime() - sent) / 1000));
          if (done.failed()) {
            putErrors.incrementAndGet();
            if (firstError.compareAndSet(null, done.cause())) {
              System.err.println("first failed put: " + done.cause());
            }
          }
        });
  }

  private static Histogram newHistogram() {
    return new ConcurrentHistogram(MAX_LATENCY_MICROS, 3);
  }

  /** The latencies of the last run's puts, in microseconds. */
  Histogram putLatencies() {
    return putLatencies;
  }

  /** The failed puts of the last run. */
  int putErrors() {
    return putErrors.get();
  }
}
