package io.vetcd.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vetcd.raft.UnsafeBug;
import org.junit.jupiter.api.Test;

/** Seeds that once failed, each named after what it found; they must keep passing. */
class SimulatorRegressionTest {

  /**
   * Issue 11. Member 1 is down while 3, 2 and 4 are removed and 5 is promoted, so it comes back
   * a stale candidate of voters {1,2,3,4} that can never win; pre-vote is off. Its clock ran
   * faster than member 5's, so it reached every new term first and voted for itself there, and
   * member 5 (voters {1,5}) never got its vote. The liveness phase now heals clock drift.
   */
  @Test
  void staleCandidateWithAFasterClockNoLongerBlocksTheOnlyElectableMember() {
    SimResult r = Simulation.run(SimOptions.swarm(123475888, 3).withoutLaterFaults(), UnsafeBug.NONE);
    assertTrue(r.ok(), r.violation() + "  replay: " + r.replayCommand());
  }
}
