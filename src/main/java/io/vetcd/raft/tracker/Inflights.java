package io.vetcd.raft.tracker;

/**
 * The last indexes of append messages sent but not acknowledged, in a fixed ring buffer: the
 * leader's flow-control window to one follower.
 */
public final class Inflights {
  private final long[] lastIndexes;
  private int start;
  private int count;

  public Inflights(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("inflight capacity must be positive");
    }
    lastIndexes = new long[capacity];
  }

  public void add(long lastIndex) {
    if (full()) {
      throw new IllegalStateException("inflight window is full");
    }
    lastIndexes[(start + count) % lastIndexes.length] = lastIndex;
    count++;
  }

  /** Frees every message whose last index is <= {@code index}. */
  public void freeLE(long index) {
    int freed = 0;
    int position = start;
    while (freed < count && lastIndexes[position] <= index) {
      freed++;
      position = (position + 1) % lastIndexes.length;
    }
    count -= freed;
    start = count == 0 ? 0 : position;
  }

  public void freeFirstOne() {
    if (count > 0) {
      freeLE(lastIndexes[start]);
    }
  }

  public boolean full() {
    return count == lastIndexes.length;
  }

  public int count() {
    return count;
  }

  public void reset() {
    start = 0;
    count = 0;
  }
}
