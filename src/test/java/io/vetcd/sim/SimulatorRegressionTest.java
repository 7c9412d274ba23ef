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

  /**
   * Fresh seeds after issue 11's million. Member 1 is stale (voters {1,2}, 4 a learner, 2
   * removed and down) and can never win; member 4 (voters {1,4}) can, with member 1's vote.
   * Pre-vote is off and the clocks are equal. Member 1 campaigned to each new term first, and
   * member 4, asking in a term member 1 had already voted itself in, lost about 28 rounds in a
   * row. A candidate now waits a full timeout after refusing a candidate whose log is at least
   * as up to date as its own, so member 4's next campaign comes first.
   */
  @Test
  void candidateWaitsForAnUpToDateRivalInsteadOfOutRacingIt() {
    SimResult r = Simulation.run(SimOptions.swarm(30231849, 3), UnsafeBug.NONE);
    assertTrue(r.ok(), r.violation() + "  replay: " + r.replayCommand());
  }
}
