package io.vetcd.bench;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The watch benchmark of scripts/bench-compare --watch: put-to-event latency at the watchers, with
 * one writer at a fixed rate and N watchers on one prefix, for each --fanouts N, then the same
 * with one more watcher that never reads (a slow watcher must not raise the others' latency).
 * With --idle, first the server is held with that many idle watches for the caller to measure.
 */
public final class WatchBench {
  /** How long a case waits, after its last put, for every measured event. */
  private static final long DRAIN_SECONDS = 60;
  /** The warm-up before all cases: puts per second, to 100 watchers. */
  private static final int WARMUP_RATE = 500;
  private static final int WARMUP_WATCHERS = 100;

  private final Vertx vertx;
  private final WatchBenchOptions options;
  private final FixedRateWriter writer;
  private final CallerPauses caller = new CallerPauses();

  private WatchBench(Vertx vertx, WatchBenchOptions options) {
    this.vertx = vertx;
    this.options = options;
    this.writer = writer(options.rate());
  }

  public static void main(String[] args) throws Exception {
    WatchBenchOptions options;
    try {
      options = WatchBenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage() + "\n" + WatchBenchOptions.USAGE);
      System.exit(2);
      return;
    }
    Vertx vertx = Vertx.vertx();
    boolean complete;
    try {
      complete = new WatchBench(vertx, options).run();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    System.exit(complete ? 0 : 1);
  }

  private boolean run() throws Exception {
    boolean complete = true;
    warmUp();
    if (options.idleWatchers() > 0) {
      idle();
    }
    for (int fanout : options.fanouts()) {
      complete &= measure(options.transport() + "-" + fanout, fanout, false);
    }
    if (options.slowFanout() > 0) {
      complete &= measure(options.transport() + "-" + options.slowFanout() + "+slow",
          options.slowFanout(), true);
    }
    return complete;
  }

  /**
   * Brings both sides to their steady state before anything is measured: a fresh JVM compiles
   * its hot paths only after many thousands of calls (on 2 busy cores, tens of seconds); etcd
   * gets the same.
   */
  private void warmUp() throws Exception {
    if (options.jitWarmupSeconds() == 0) {
      return;
    }
    WatchAudience audience = WatchAudience.open(vertx, options, WARMUP_WATCHERS, false);
    try {
      writer(WARMUP_RATE).runFor(options.jitWarmupSeconds());
    } finally {
      audience.close();
    }
  }

  private FixedRateWriter writer(int rate) {
    return new FixedRateWriter(vertx, options.host(), options.port(), options.valSize(), rate);
  }

  /** Holds the member bare, then with the idle watches, for the caller to measure. */
  private void idle() throws Exception {
    caller.pause("idle-baseline");
    WatchAudience audience = WatchAudience.open(vertx, options, options.idleWatchers(), false);
    caller.pause("idle-open");
    audience.close();
    System.out.printf("RESULT case=idle-%d created=%d%n", options.idleWatchers(),
        options.idleWatchers());
  }

  private boolean measure(String name, int watchers, boolean slowOne) throws Exception {
    WatchAudience audience = WatchAudience.open(vertx, options, watchers, slowOne);
    try {
      writer.runFor(options.warmupSeconds());
      // The caller may sample the server's CPU time from here to the RESULT line.
      System.out.println("measuring " + name);
      System.out.flush();
      audience.startWindow();
      int puts = writer.runFor(options.seconds());
      audience.endWindow();
      // A put that failed was not applied (or not known to be): no event is expected for it.
      long expected = (long) (puts - writer.putErrors()) * watchers;
      long received = audience.await(expected, DRAIN_SECONDS);
      Histogram latencies = audience.latencies();
      System.out.printf("RESULT case=%s watchers=%d puts=%d events=%d missing=%d p50_ms=%.3f "
              + "p90_ms=%.3f p99_ms=%.3f max_ms=%.3f put_p50_ms=%.3f put_p99_ms=%.3f "
              + "put_errors=%d%n", name,
          watchers, puts, received, expected - received, millis(latencies, 50),
          millis(latencies, 90), millis(latencies, 99), latencies.getMaxValue() / 1000.0,
          millis(writer.putLatencies(), 50), millis(writer.putLatencies(), 99),
          writer.putErrors());
      System.out.flush();
      return received == expected;
    } finally {
      audience.close();
    }
  }

  private static double millis(Histogram latencies, double percentile) {
    return latencies.getValueAtPercentile(percentile) / 1000.0;
  }
}
