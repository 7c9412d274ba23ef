package io.vetcd.raft;

/**
 * The state a member must persist before it answers a message: its current term, whom it voted
 * for in that term (0 for nobody), and the highest index it knows to be committed.
 */
public record HardState(long term, long vote, long commit) {
  public static final HardState EMPTY = new HardState(0, 0, 0);
}
