package io.vetcd.raft;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vetcd.sim.SimOptions;
import io.vetcd.sim.SimResult;
import io.vetcd.sim.Simulation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Checkers that never fail prove nothing: the simulator itself must find each planted bug, with
 * the checker that guards the property it breaks. A full search ({@code scripts/simulate --bug
 * NAME --seeds 2000 --nodes N --stop}) found each at {@code firstSeed}; to stay fast, CI searches
 * a few seeds from just before it.
 */
class BrokenVariantTest {
  private static final int SEEDS_BEFORE = 2;
  private static final int SEED_BUDGET = 5;

  private enum Planted {
    DOUBLE_VOTE(UnsafeBug.DOUBLE_VOTE, 3, 2, "election safety"),
    COMMIT_PREVIOUS_TERM(UnsafeBug.COMMIT_PREVIOUS_TERM, 3, 954, "leader completeness"),
    READ_WITHOUT_QUORUM(UnsafeBug.READ_WITHOUT_QUORUM, 5, 73, "linearizability"),
    VOTE_BEFORE_PERSIST(UnsafeBug.VOTE_BEFORE_PERSIST, 3, 131, "election safety"),
    APPLY_BEFORE_COMMIT(UnsafeBug.APPLY_BEFORE_COMMIT, 3, 3, "leader completeness"),
    STALE_SNAPSHOT(UnsafeBug.STALE_SNAPSHOT, 5, 31, "durability"),
    LEARNER_IN_QUORUM(UnsafeBug.LEARNER_IN_QUORUM, 3, 80, "leader completeness"),
    LEASE_READ_WITHOUT_CHECK_QUORUM(UnsafeBug.LEASE_READ_WITHOUT_CHECK_QUORUM, 5, 90,
        "linearizability"),
    // The search's first seed (1) trips the core's own check that a commit index lies within
    // the log; seed 6 is the first that the durability checker itself catches.
    TRUNCATE_ON_STALE_APPEND(UnsafeBug.TRUNCATE_ON_STALE_APPEND, 3, 6, "durability");

    final UnsafeBug bug;
    final int members;
    final long firstSeed;
    final String checker;

    Planted(UnsafeBug bug, int members, long firstSeed, String checker) {
      this.bug = bug;
      this.members = members;
      this.firstSeed = firstSeed;
      this.checker = checker;
    }
  }

  @ParameterizedTest
  @EnumSource(Planted.class)
  void theSimulatorFindsThePlantedBug(Planted p) {
    long from = Math.max(1, p.firstSeed - SEEDS_BEFORE);
    for (long seed = from; seed < from + SEED_BUDGET; seed++) {
      SimResult r = Simulation.run(SimOptions.swarm(seed, p.members), p.bug);
      if (!r.ok()) {
        assertTrue(r.violation().startsWith(p.checker), r.violation());
        return;
      }
    }
    fail(p.bug + " was not found in seeds " + from + ".." + (from + SEED_BUDGET - 1));
  }
}
