package io.vetcd.bench;

import com.google.protobuf.ByteString;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientOptions;
import io.vetcd.proto.etcdserverpb.EtcdKVClient;
import io.vetcd.proto.etcdserverpb.EtcdKVGrpcClient;
import io.vetcd.proto.etcdserverpb.EtcdLeaseClient;
import io.vetcd.proto.etcdserverpb.EtcdLeaseGrpcClient;
import io.vetcd.proto.etcdserverpb.LeaseGrantRequest;
import io.vetcd.proto.etcdserverpb.LeaseGrantResponse;
import io.vetcd.proto.etcdserverpb.PutRequest;
import io.vetcd.proto.etcdserverpb.RangeRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * The lease benchmark of scripts/bench-compare --lease: keepalives per second with --clients
 * streams of one lease each; the expiry of --expiring leases at once, with the put latency of a
 * writer meanwhile; and --leases leases kept alive by --streams streams (keepalives per second,
 * and a pause while they exist for the caller to read the server's memory).
 */
public final class LeaseBench {
  private static final int HELD_IN_FLIGHT_PER_STREAM = 16;
  /** Grants and puts in flight while leases are set up. */
  private static final int SETUP_CONCURRENCY = 64;
  private static final long HELD_TTL_SECONDS = 600;
  private static final String EXPIRING_PREFIX = "lease-bench/";
  /** How long the expiry case waits, after the last lease's TTL, for every key to go. */
  private static final long EXPIRY_LIMIT_SECONDS = 120;
  /** The unmeasured expiry before the measured one: leases, and their TTL. */
  private static final int WARMUP_EXPIRING = 2_000;
  private static final long WARMUP_TTL_SECONDS = 2;

  private final Vertx vertx;
  private final LeaseBenchOptions options;
  private final SocketAddress address;
  private final List<GrpcClient> clients = new ArrayList<>();
  private final EtcdLeaseClient lease;
  private final EtcdKVClient kv;
  private final CallerPauses caller = new CallerPauses();

  private LeaseBench(Vertx vertx, LeaseBenchOptions options) {
    this.vertx = vertx;
    this.options = options;
    this.address = SocketAddress.inetSocketAddress(options.port(), options.host());
    for (int i = 0; i < options.conns(); i++) {
      clients.add(GrpcClient.client(vertx, new GrpcClientOptions(),
          new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
              .setHttp2ClearTextUpgrade(false)));
    }
    this.lease = EtcdLeaseGrpcClient.create(clients.get(0), address);
    this.kv = EtcdKVGrpcClient.create(clients.get(0), address);
  }

  public static void main(String[] args) throws Exception {
    LeaseBenchOptions options;
    try {
      options = LeaseBenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage() + "\n" + LeaseBenchOptions.USAGE);
      System.exit(2);
      return;
    }
    Vertx vertx = Vertx.vertx();
    boolean complete;
    try {
      complete = new LeaseBench(vertx, options).run();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    System.exit(complete ? 0 : 1);
  }

  private boolean run() throws Exception {
    boolean complete = true;
    if (options.clients() > 0) {
      complete &= keepAlives();
    }
    if (options.expiring() > 0) {
      if (options.jitWarmupSeconds() > 0) {
        warmUpExpiry();
      }
      complete &= expiry();
    }
    if (options.leases() > 0) {
      complete &= held();
    }
    return complete;
  }

  /** One lease per stream, renewed in a closed loop (etcd's benchmark lease-keepalive). */
  private boolean keepAlives() throws Exception {
    long[] leases = grant(options.clients(), HELD_TTL_SECONDS);
    List<long[]> perStream = new ArrayList<>();
    for (long id : leases) {
      perStream.add(new long[] {id});
    }
    return measureKeepAlives("keepalive", perStream, 1, false);
  }

  private boolean held() throws Exception {
    long[] leases = grant(options.leases(), HELD_TTL_SECONDS);
    List<long[]> perStream = new ArrayList<>();
    int streams = Math.min(options.streams(), leases.length);
    for (int s = 0; s < streams; s++) {
      int from = (int) ((long) leases.length * s / streams);
      int to = (int) ((long) leases.length * (s + 1) / streams);
      long[] share = new long[to - from];
      System.arraycopy(leases, from, share, 0, share.length);
      perStream.add(share);
    }
    return measureKeepAlives("held", perStream, HELD_IN_FLIGHT_PER_STREAM, true);
  }

  private boolean measureKeepAlives(String name, List<long[]> perStream, int inFlight,
      boolean pauseWhileHeld) throws Exception {
    KeepAliveLoad load = KeepAliveLoad.start(clients, address, perStream, inFlight);
    try {
      Thread.sleep(TimeUnit.SECONDS.toMillis(options.jitWarmupSeconds()));
      System.out.println("measuring " + name);
      System.out.flush();
      long before = load.answered();
      long start = System.nanoTime();
      Thread.sleep(TimeUnit.SECONDS.toMillis(options.seconds()));
      long answered = load.answered() - before;
      double seconds = (System.nanoTime() - start) / 1e9;
      long leases = perStream.stream().mapToLong(s -> s.length).sum();
      System.out.printf("RESULT case=%s leases=%d streams=%d keepalives=%d "
              + "keepalives_per_s=%.0f expired_answers=%d%n", name, leases, perStream.size(),
          answered, answered / seconds, load.expired());
      System.out.flush();
      if (pauseWhileHeld) {
        caller.pause(name);
      }
      return load.expired() == 0;
    } finally {
      load.stop();
    }
  }

  /**
   * An unmeasured expiry first, so that both servers have run their revoke path before it is
   * timed: a JVM runs a path it never ran interpreted until it is compiled, and the measured
   * expiry would time the compiler (its writer's put p99 was 42 ms on a fresh vetcd, 8 ms on one
   * that had expired leases before).
   */
  private void warmUpExpiry() throws Exception {
    grantWithKeys(WARMUP_EXPIRING, WARMUP_TTL_SECONDS);
    whenKeysGone().get(EXPIRY_LIMIT_SECONDS, TimeUnit.SECONDS);
  }

  /**
   * Grants the leases with a key on each, lets them expire while one writer puts at --rate, and
   * times the end of their keys from the last lease's TTL end.
   */
  private boolean expiry() throws Exception {
    long setupStart = System.nanoTime();
    int count = options.expiring();
    grantWithKeys(count, options.expiryTtlSeconds());
    long lastGranted = System.nanoTime();
    long ttlEnd = lastGranted + TimeUnit.SECONDS.toNanos(options.expiryTtlSeconds());
    long left = ttlEnd - System.nanoTime() - TimeUnit.SECONDS.toNanos(1);
    if (left > 0) {
      Thread.sleep(left / 1_000_000);
    } else {
      System.err.println("the leases were granted over more than their TTL: they do not expire "
          + "at once (raise --expiry-ttl)");
    }
    System.out.println("measuring expiry");
    System.out.flush();
    FixedRateWriter writer = new FixedRateWriter(vertx, options.host(), options.port(),
        256, options.rate());
    CompletableFuture<Long> gone = whenKeysGone();
    writer.runWhile(() -> !gone.isDone(), EXPIRY_LIMIT_SECONDS);
    boolean allGone = gone.isDone();
    double goneMs = allGone ? (gone.get() - ttlEnd) / 1e6 : -1;
    Histogram puts = writer.putLatencies();
    System.out.printf("RESULT case=expiry leases=%d ttl_s=%d granted_over_ms=%.0f "
            + "all_gone_after_ttl_ms=%.0f puts=%d put_p50_ms=%.3f put_p99_ms=%.3f "
            + "put_max_ms=%.3f put_errors=%d%n",
        count, options.expiryTtlSeconds(), (lastGranted - setupStart) / 1e6, goneMs,
        puts.getTotalCount(),
        puts.getValueAtPercentile(50) / 1000.0, puts.getValueAtPercentile(99) / 1000.0,
        puts.getMaxValue() / 1000.0, writer.putErrors());
    System.out.flush();
    return allGone;
  }

  /** {@code count} leases, each with a key put right after its grant, so none runs out keyless. */
  private void grantWithKeys(int count, long ttlSeconds) throws Exception {
    AtomicInteger next = new AtomicInteger();
    inParallel(count, () -> {
      int i = next.getAndIncrement();
      return lease.leaseGrant(LeaseGrantRequest.newBuilder().setTTL(ttlSeconds).build())
          .compose(granted -> kv.put(PutRequest.newBuilder()
              .setKey(ByteString.copyFromUtf8(String.format(EXPIRING_PREFIX + "%08d", i)))
              .setLease(granted.getID()).build()));
    });
  }

  /** Completes with the time at which no key under the expiring prefix is left (polled). */
  private CompletableFuture<Long> whenKeysGone() {
    CompletableFuture<Long> gone = new CompletableFuture<>();
    vertx.setPeriodic(20, timer -> kv.range(RangeRequest.newBuilder()
            .setKey(ByteString.copyFromUtf8(EXPIRING_PREFIX))
            .setRangeEnd(ByteString.copyFromUtf8("lease-bench0")).setCountOnly(true).build())
        .onSuccess(range -> {
          if (range.getCount() == 0 && gone.complete(System.nanoTime())) {
            vertx.cancelTimer(timer);
          }
        }));
    return gone;
  }

  private long[] grant(int count, long ttlSeconds) throws Exception {
    long[] ids = new long[count];
    AtomicInteger next = new AtomicInteger();
    inParallel(count, () -> {
      int i = next.getAndIncrement();
      return lease.leaseGrant(LeaseGrantRequest.newBuilder().setTTL(ttlSeconds).build())
          .map(LeaseGrantResponse::getID)
          .onSuccess(id -> ids[i] = id);
    });
    return ids;
  }

  /** Runs {@code count} calls, {@link #SETUP_CONCURRENCY} at a time; fails on the first error. */
  private void inParallel(int count, java.util.function.Supplier<Future<?>> call)
      throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    AtomicInteger started = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    Runnable[] startOne = new Runnable[1];
    startOne[0] = () -> {
      if (started.getAndIncrement() >= count) {
        return;
      }
      call.get().onComplete(result -> {
        if (result.failed()) {
          done.completeExceptionally(result.cause());
        } else if (finished.incrementAndGet() == count) {
          done.complete(null);
        } else {
          startOne[0].run();
        }
      });
    };
    vertx.runOnContext(v -> {
      for (int i = 0; i < Math.min(count, SETUP_CONCURRENCY); i++) {
        startOne[0].run();
      }
    });
    done.get(10, TimeUnit.MINUTES);
  }
}
