package io.vetcd.sim;

/**
 * Command line: {@code Simulate --seeds N [--first S] [--nodes 3|5] [--threads T]}, or replay one
 * seed with a trace: {@code -Dvetcd.seed=S [-Dvetcd.nodes=3]}. Prints one line per failing seed
 * with the command that replays it, then "N seeds, V violations"; exits 1 if V > 0.
 */
public final class Simulate {
  private Simulate() {}

  public static void main(String[] args) throws InterruptedException {
    long seeds = 100;
    long first = 1;
    int nodes = 0; // 0: alternate 3 and 5
    int threads = 1;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seeds" -> seeds = Long.parseLong(args[++i]);
        case "--first" -> first = Long.parseLong(args[++i]);
        case "--nodes" -> nodes = Integer.parseInt(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        default -> {
          System.err.println("usage: simulate --seeds N [--first S] [--nodes 3|5] [--threads T]");
          System.exit(2);
        }
      }
    }
    String replay = System.getProperty("vetcd.seed");
    if (replay != null) {
      long seed = Long.parseLong(replay);
      int n = Integer.getInteger("vetcd.nodes", nodes == 0 ? nodesFor(seed) : nodes);
      SimResult r = new Simulation(SimOptions.swarm(seed, n), CoreFactory.CORRECT, true).run();
      System.out.println(SimOptions.swarm(seed, n));
      System.out.println(r.stats());
      System.out.println(r.ok() ? "seed " + seed + " ok" : "seed " + seed + " FAILED: " + r.violation());
      System.out.println("1 seeds, " + (r.ok() ? 0 : 1) + " violations");
      System.exit(r.ok() ? 0 : 1);
    }
    long violations = runSeeds(first, seeds, nodes, threads);
    System.out.println(seeds + " seeds, " + violations + " violations");
    System.exit(violations > 0 ? 1 : 0);
  }

  static int nodesFor(long seed) {
    return seed % 2 == 0 ? 3 : 5;
  }

  private static long runSeeds(long first, long count, int nodes, int threads)
      throws InterruptedException {
    long[] violations = new long[threads];
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int worker = t;
      workers[t] = new Thread(() -> {
        for (long seed = first + worker; seed < first + count; seed += threads) {
          int n = nodes == 0 ? nodesFor(seed) : nodes;
          SimResult r = Simulation.run(SimOptions.swarm(seed, n), CoreFactory.CORRECT);
          if (!r.ok()) {
            violations[worker]++;
            System.out.println("seed " + seed + " FAILED: " + r.violation() + "  replay: "
                + r.replayCommand());
          }
        }
      });
      workers[t].start();
    }
    long total = 0;
    for (int t = 0; t < threads; t++) {
      workers[t].join();
      total += violations[t];
    }
    return total;
  }
}
