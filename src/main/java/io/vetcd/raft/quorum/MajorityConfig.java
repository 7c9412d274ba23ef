package io.vetcd.raft.quorum;

import java.util.Arrays;
import java.util.SortedSet;
import java.util.function.LongFunction;
import java.util.function.LongUnaryOperator;

/** Majority arithmetic over a set of voter ids; pure functions, no state. */
public final class MajorityConfig {
  private MajorityConfig() {}

  public static int quorum(int voterCount) {
    return voterCount / 2 + 1;
  }

  /**
   * The largest index acknowledged by a majority of {@code voters}, where {@code ackedIndex}
   * gives each voter's acknowledged index. An empty configuration commits nothing.
   */
  public static long committedIndex(SortedSet<Long> voters, LongUnaryOperator ackedIndex) {
    int n = voters.size();
    if (n == 0) {
      return 0;
    }
    long[] acked = new long[n];
    int i = 0;
    for (long id : voters) {
      acked[i++] = ackedIndex.applyAsLong(id);
    }
    Arrays.sort(acked);
    // Ascending order: the entry at n - quorum is acked by exactly quorum voters or more.
    return acked[n - quorum(n)];
  }

  /**
   * Counts {@code votes} (true = granted, false = rejected, null = not yet heard). An empty
   * configuration wins, so that a single member without peers is never stuck.
   */
  public static VoteResult voteResult(SortedSet<Long> voters, LongFunction<Boolean> votes) {
    int granted = 0;
    int missing = 0;
    for (long id : voters) {
      Boolean vote = votes.apply(id);
      if (vote == null) {
        missing++;
      } else if (vote) {
        granted++;
      }
    }
    int q = quorum(voters.size());
    if (granted >= q) {
      return VoteResult.WON;
    }
    return granted + missing >= q ? VoteResult.PENDING : VoteResult.LOST;
  }
}
