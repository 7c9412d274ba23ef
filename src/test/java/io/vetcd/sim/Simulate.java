package io.vetcd.sim;

import io.vetcd.raft.UnsafeBug;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Command line: {@code Simulate --seeds N [--first S] [--nodes 3|5|7] [--threads T] [--bug NAME [--stop]]},
 * where {@code --stop} ends at the first violation (to find the first seed that catches a bug);
 * {@code Simulate --bugs} to list the planted bugs, or replay one seed with a trace:
 * {@code -Dvetcd.seed=S [-Dvetcd.nodes=3]}. Prints one line per failing seed with the command that
 * replays it, then "N seeds, V violations" and the rate; exits 1 if V > 0.
 */
public final class Simulate {
  private static final String USAGE =
      "usage: simulate --seeds N [--first S] [--nodes 3|5|7] [--threads T] [--bug NAME [--stop]] | --bugs";

  private Simulate() {}

  public static void main(String[] args) throws InterruptedException {
    long seeds = 100;
    long first = 1;
    int nodes = 0; // 0: 3, 5 or 7 by seed
    int threads = 1;
    UnsafeBug bug = UnsafeBug.NONE;
    boolean stopAtFirst = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seeds" -> seeds = Long.parseLong(args[++i]);
        case "--first" -> first = Long.parseLong(args[++i]);
        case "--nodes" -> nodes = Integer.parseInt(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--bug" -> bug = UnsafeBug.valueOf(args[++i]);
        case "--stop" -> stopAtFirst = true;
        case "--bugs" -> {
          Arrays.stream(UnsafeBug.values()).filter(b -> b != UnsafeBug.NONE)
              .forEach(b -> System.out.println(b.name()));
          return;
        }
        default -> {
          System.err.println(USAGE);
          System.exit(2);
        }
      }
    }
    String replay = System.getProperty("vetcd.seed");
    if (replay != null) {
      long seed = Long.parseLong(replay);
      int n = Integer.getInteger("vetcd.nodes", nodes == 0 ? nodesFor(seed) : nodes);
      SimResult r = new Simulation(SimOptions.swarm(seed, n), bug, true).run();
      System.out.println(SimOptions.swarm(seed, n));
      System.out.println(r.stats());
      System.out.println(r.ok() ? "seed " + seed + " ok" : "seed " + seed + " FAILED: " + r.violation());
      System.out.println("1 seeds, " + (r.ok() ? 0 : 1) + " violations");
      System.exit(r.ok() ? 0 : 1);
    }
    long started = System.nanoTime();
    Totals totals = runSeeds(first, seeds, nodes, threads, bug, stopAtFirst);
    double seconds = (System.nanoTime() - started) / 1e9;
    // CPU seconds too: on a shared machine the wall clock says more about the neighbours.
    System.out.printf("%d seeds, %d violations (%.1f s, %.1f seeds/s; %.1f CPU s, %.1f seeds per"
        + " CPU s)%n", totals.seeds.get(), totals.violations.get(), seconds,
        totals.seeds.get() / seconds, totals.cpuNanos.get() / 1e9,
        totals.seeds.get() / (totals.cpuNanos.get() / 1e9));
    long violations = totals.violations.get();
    System.exit(violations > 0 ? 1 : 0);
  }

  static int nodesFor(long seed) {
    return 3 + 2 * (int) Math.floorMod(seed, 3L);
  }

  private record Totals(AtomicLong seeds, AtomicLong violations, AtomicLong cpuNanos) {}

  private static Totals runSeeds(long first, long count, int nodes, int threads, UnsafeBug bug,
      boolean stopAtFirst) throws InterruptedException {
    Totals totals = new Totals(new AtomicLong(), new AtomicLong(), new AtomicLong());
    AtomicLong violations = totals.violations();
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int worker = t;
      workers[t] = new Thread(() -> {
        for (long seed = first + worker; seed < first + count; seed += threads) {
          if (stopAtFirst && violations.get() > 0) {
            break;
          }
          int n = nodes == 0 ? nodesFor(seed) : nodes;
          SimResult r = Simulation.run(SimOptions.swarm(seed, n), bug);
          totals.seeds().incrementAndGet();
          if (!r.ok()) {
            violations.incrementAndGet();
            System.out.println("seed " + seed + " FAILED: " + r.violation() + "  replay: "
                + r.replayCommand() + (bug == UnsafeBug.NONE ? "" : " --bug " + bug));
          }
        }
        totals.cpuNanos().addAndGet(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
      });
      workers[t].start();
    }
    for (Thread w : workers) {
      w.join();
    }
    return totals;
  }
}
