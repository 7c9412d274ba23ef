package io.vetcd.mvcc;

/**
 * A point in the history: {@code main} numbers one atomic change set (a put, a delete, a whole
 * txn), {@code sub} orders the changes inside it from 0.
 */
public record Revision(long main, long sub) implements Comparable<Revision> {
  public Revision {
    if (main < 0 || sub < 0) {
      throw new IllegalArgumentException("negative revision " + main + "." + sub);
    }
  }

  @Override
  public int compareTo(Revision other) {
    int byMain = Long.compare(main, other.main);
    return byMain != 0 ? byMain : Long.compare(sub, other.sub);
  }
}
