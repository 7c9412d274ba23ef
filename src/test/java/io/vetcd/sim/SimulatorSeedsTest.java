package io.vetcd.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vetcd.raft.UnsafeBug;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The seeded simulator in CI: a fixed range of seeds for 3, 5 and 7 members (a longer run is
 * {@code scripts/simulate --seeds 100000}). A failure lists each seed with its replay command;
 * {@code -Dvetcd.seed=S} runs only that seed, with a trace.
 */
class SimulatorSeedsTest {
  private static final int SEEDS_PER_SIZE = 100;

  @ParameterizedTest(name = "{0} members")
  @ValueSource(ints = {3, 5, 7})
  void everySeedPassesAllCheckers(int members) {
    List<String> failures = new ArrayList<>();
    String only = System.getProperty("vetcd.seed");
    long first = only == null ? 1 : Long.parseLong(only);
    long last = only == null ? SEEDS_PER_SIZE : first;
    for (long seed = first; seed <= last; seed++) {
      SimResult r = new Simulation(SimOptions.swarm(seed, members), UnsafeBug.NONE,
          only != null).run();
      if (!r.ok()) {
        failures.add("seed " + seed + ": " + r.violation() + "  replay: " + r.replayCommand());
      }
    }
    assertEquals(List.of(), failures);
  }
}
