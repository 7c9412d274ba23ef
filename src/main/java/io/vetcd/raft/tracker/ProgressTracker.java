package io.vetcd.raft.tracker;

import io.vetcd.raft.ConfState;
import io.vetcd.raft.quorum.MajorityConfig;
import io.vetcd.raft.quorum.VoteResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The current membership (voters and learners), the leader's progress for each member and the
 * votes of an election. Sorted collections only, so every iteration is in id order.
 */
public final class ProgressTracker {
  private final int maxInflight;
  private final TreeSet<Long> voters = new TreeSet<>();
  private final TreeSet<Long> learners = new TreeSet<>();
  private final TreeMap<Long, Progress> progress = new TreeMap<>();
  private final TreeMap<Long, Boolean> votes = new TreeMap<>();

  public ProgressTracker(int maxInflight) {
    this.maxInflight = maxInflight;
  }

  public int maxInflight() {
    return maxInflight;
  }

  public SortedSet<Long> voters() {
    return Collections.unmodifiableSortedSet(voters);
  }

  public SortedSet<Long> learners() {
    return Collections.unmodifiableSortedSet(learners);
  }

  /** Every member with a progress entry (voters and learners), in id order. */
  public NavigableMap<Long, Progress> progress() {
    return Collections.unmodifiableNavigableMap(progress);
  }

  public Progress get(long id) {
    return progress.get(id);
  }

  public boolean isVoter(long id) {
    return voters.contains(id);
  }

  public ConfState confState() {
    return new ConfState(new ArrayList<>(voters), new ArrayList<>(learners));
  }

  /** Replaces the membership; existing progress is kept for members that stay. */
  public void setConfiguration(SortedSet<Long> newVoters, SortedSet<Long> newLearners,
      long nextIndex) {
    voters.clear();
    voters.addAll(newVoters);
    learners.clear();
    learners.addAll(newLearners);
    progress.keySet().retainAll(union(newVoters, newLearners));
    for (long id : union(newVoters, newLearners)) {
      Progress pr = progress.get(id);
      if (pr == null) {
        pr = new Progress(nextIndex, maxInflight, newLearners.contains(id));
        // A new member gets the benefit of the doubt, so check-quorum does not depose the leader.
        pr.setRecentActive(true);
        progress.put(id, pr);
      }
      pr.setLearner(newLearners.contains(id));
    }
  }

  /** The highest index replicated on a majority of voters. */
  public long committed() {
    return MajorityConfig.committedIndex(voters, id -> progress.get(id).match());
  }

  /** Did a majority of voters (counting {@code self}) talk to us since the last check? */
  public boolean quorumActive(long self) {
    return MajorityConfig.voteResult(voters,
        id -> id == self || progress.get(id).recentActive() ? Boolean.TRUE : null) == VoteResult.WON;
  }

  public void resetVotes() {
    votes.clear();
  }

  /** Records a vote; only the first answer of each voter counts. */
  public void recordVote(long id, boolean granted) {
    votes.putIfAbsent(id, granted);
  }

  public VoteResult voteResult() {
    return MajorityConfig.voteResult(voters, votes::get);
  }

  private static TreeSet<Long> union(SortedSet<Long> a, SortedSet<Long> b) {
    TreeSet<Long> all = new TreeSet<>(a);
    all.addAll(b);
    return all;
  }
}
