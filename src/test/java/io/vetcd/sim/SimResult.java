package io.vetcd.sim;

/** The outcome of one seed: {@code violation} is null when every check passed. */
public record SimResult(long seed, int nodes, String violation, long steps, String stats) {
  public boolean ok() {
    return violation == null;
  }

  public String replayCommand() {
    return "scripts/simulate --seeds 1 --first " + seed + " --nodes " + nodes;
  }
}
