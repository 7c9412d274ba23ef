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
import io.vetcd.proto.etcdserverpb.RangeRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Closed-loop load against etcd's KV API over the Vert.x gRPC client: `--clients` loops share
 * `--conns` HTTP/2 connections, each loop sending its next request when the previous one answers.
 * Prints throughput and latency percentiles, then one `RESULT` line for scripts to parse.
 */
public final class LoadGenerator {
  private static final long MAX_LATENCY_MICROS = TimeUnit.SECONDS.toMicros(60);

  private final BenchOptions options;
  private final List<EtcdKVClient> connections = new ArrayList<>();
  private final ByteString value;

  private LoadGenerator(Vertx vertx, BenchOptions options) {
    this.options = options;
    byte[] bytes = new byte[options.valSize()];
    new Random(42).nextBytes(bytes);
    this.value = ByteString.copyFrom(bytes);
    for (int i = 0; i < options.conns(); i++) {
      // One GrpcClient per connection: each owns an HTTP/2 pool of one connection.
      GrpcClient client = GrpcClient.client(vertx, new GrpcClientOptions(),
          new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
              .setHttp2ClearTextUpgrade(false));
      String[] hostPort = options.endpoints().get(i % options.endpoints().size()).split(":");
      connections.add(EtcdKVGrpcClient.create(client,
          SocketAddress.inetSocketAddress(Integer.parseInt(hostPort[1]), hostPort[0])));
    }
  }

  public static void main(String[] args) throws Exception {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage() + "\n" + BenchOptions.USAGE);
      System.exit(2);
      return;
    }
    Vertx vertx = Vertx.vertx();
    try {
      LoadGenerator generator = new LoadGenerator(vertx, options);
      System.out.println(options.describe());
      if (options.warmup() > 0) {
        generator.run(options.warmup());
      }
      // Scripts sample the server's CPU time at this line, to charge it per measured request.
      System.out.println("measuring");
      System.out.flush();
      Run run = generator.run(options.total());
      run.print(options);
      System.exit(run.errors() == 0 ? 0 : 1);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** Sends `count` requests from all clients and waits for every answer. */
  private Run run(int count) throws Exception {
    Histogram latencies = new ConcurrentHistogram(MAX_LATENCY_MICROS, 3);
    AtomicInteger issued = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    AtomicReference<Throwable> firstError = new AtomicReference<>();
    List<Future<Void>> loops = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < options.clients(); c++) {
      Promise<Void> done = Promise.promise();
      EtcdKVClient connection = connections.get(c % connections.size());
      loop(connection, count, issued, latencies, errors, firstError, done);
      loops.add(done.future());
    }
    Future.all(loops).toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
    long elapsedNanos = System.nanoTime() - start;
    return new Run(latencies, elapsedNanos, errors.get(), firstError.get());
  }

  private void loop(EtcdKVClient connection, int count, AtomicInteger issued, Histogram latencies,
      AtomicInteger errors, AtomicReference<Throwable> firstError, Promise<Void> done) {
    if (issued.getAndIncrement() >= count) {
      done.complete();
      return;
    }
    long sent = System.nanoTime();
    send(connection).onComplete(result -> {
      latencies.recordValue(Math.min(MAX_LATENCY_MICROS,
          TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - sent)));
      if (result.failed()) {
        errors.incrementAndGet();
        firstError.compareAndSet(null, result.cause());
      }
      loop(connection, count, issued, latencies, errors, firstError, done);
    });
  }

  private Future<?> send(EtcdKVClient connection) {
    ByteString key = ByteString.copyFrom(String.format("bench/%08d",
        ThreadLocalRandom.current().nextInt(options.keySpace())), StandardCharsets.US_ASCII);
    return switch (options.op()) {
      case PUT -> connection.put(PutRequest.newBuilder().setKey(key).setValue(value).build());
      case RANGE -> connection.range(RangeRequest.newBuilder().setKey(key)
          .setSerializable(options.serializable()).build());
    };
  }

  /** One measured run: the latency distribution in microseconds and the wall-clock time. */
  private record Run(Histogram latencies, long elapsedNanos, int errors, Throwable firstError) {

    void print(BenchOptions options) {
      double seconds = elapsedNanos / 1e9;
      double opsPerSecond = latencies.getTotalCount() / seconds;
      System.out.printf("throughput: %.1f ops/s (%d requests in %.2f s, %d errors)%n",
          opsPerSecond, latencies.getTotalCount(), seconds, errors);
      System.out.printf("latency ms: p50 %.3f  p90 %.3f  p99 %.3f  max %.3f%n", millis(50),
          millis(90), millis(99), latencies.getMaxValue() / 1000.0);
      if (firstError != null) {
        System.out.println("first error: " + firstError);
      }
      System.out.printf("RESULT op=%s ops_per_s=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f "
              + "max_ms=%.3f errors=%d%n", options.op().name().toLowerCase(), opsPerSecond,
          millis(50), millis(90), millis(99), latencies.getMaxValue() / 1000.0, errors);
    }

    private double millis(double percentile) {
      return latencies.getValueAtPercentile(percentile) / 1000.0;
    }
  }
}
