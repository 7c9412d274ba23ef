package io.vetcd.raft;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vetcd.sim.SimOptions;
import io.vetcd.sim.SimResult;
import io.vetcd.sim.Simulation;
import org.junit.jupiter.api.Test;

/**
 * Checkers that never fail prove nothing: each deliberate bug below must be caught by the
 * simulator within a bounded number of seeds, by the checker that guards that property.
 */
class BrokenVariantTest {
  private static final int SEED_BUDGET = 300;

  private static SimResult firstViolation(UnsafeBug bug) {
    for (long seed = 1; seed <= SEED_BUDGET; seed++) {
      SimResult r = Simulation.run(SimOptions.swarm(seed, seed % 2 == 0 ? 3 : 5), bug);
      if (!r.ok()) {
        return r;
      }
    }
    return fail(bug + " was not detected in " + SEED_BUDGET + " seeds");
  }

  @Test
  void doubleVotingIsCaughtByElectionSafety() {
    SimResult r = firstViolation(UnsafeBug.DOUBLE_VOTE);
    assertTrue(r.violation().startsWith("election safety"), r.violation());
  }

  @Test
  void readIndexWithoutQuorumIsCaughtByLinearizability() {
    SimResult r = firstViolation(UnsafeBug.READ_WITHOUT_QUORUM);
    assertTrue(r.violation().startsWith("linearizability"), r.violation());
  }
}
