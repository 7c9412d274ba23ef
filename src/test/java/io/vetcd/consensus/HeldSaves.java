package io.vetcd.consensus;

import io.vetcd.raft.Entry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Fault points that hold the Raft driver's thread at the next save of log entries, before or after its
 * fsync, until the test releases it. Saves that carry only a hard state pass.
 */
final class HeldSaves implements FaultPoints {
  private enum Point { BEFORE, AFTER }

  private record Hold(Point point, CountDownLatch reached, CountDownLatch released) {
    Hold(Point point) {
      this(point, new CountDownLatch(1), new CountDownLatch(1));
    }
  }

  /** Armed holds in arming order; a hold leaves the list when released. */
  private final List<Hold> holds = new ArrayList<>();
  /** How many entries each save of log entries wrote, in order. */
  private final List<Integer> saveSizes = new ArrayList<>();

  void holdBeforeNextSave() {
    arm(Point.BEFORE);
  }

  void holdAfterNextSave() {
    arm(Point.AFTER);
  }

  /** Waits until the driver's thread is held at the most recently armed point. */
  void awaitHeld() throws InterruptedException {
    Hold last;
    synchronized (this) {
      last = holds.get(holds.size() - 1);
    }
    if (!last.reached().await(20, TimeUnit.SECONDS)) {
      throw new AssertionError("the driver's thread never reached " + last.point());
    }
  }

  /** Lets every save go on, e.g. when a test failed while holding one. */
  synchronized void releaseAll() {
    holds.forEach(hold -> hold.released().countDown());
    holds.clear();
  }

  /** Lets the oldest held save go on. */
  synchronized void release() {
    holds.remove(0).released().countDown();
  }

  /** The number of entries of each save of log entries so far, in order. */
  synchronized List<Integer> saveSizes() {
    return List.copyOf(saveSizes);
  }

  @Override
  public void beforeSave(List<Entry> entries) {
    if (!entries.isEmpty()) {
      synchronized (this) {
        saveSizes.add(entries.size());
      }
    }
    hold(Point.BEFORE, entries);
  }

  @Override
  public void afterSave(List<Entry> entries) {
    hold(Point.AFTER, entries);
  }

  private synchronized void arm(Point point) {
    holds.add(new Hold(point));
  }

  private void hold(Point point, List<Entry> entries) {
    Hold hold = take(point, entries);
    if (hold == null) {
      return;
    }
    hold.reached().countDown();
    try {
      hold.released().await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized Hold take(Point point, List<Entry> entries) {
    if (entries.isEmpty()) {
      return null;
    }
    for (Hold hold : holds) {
      if (hold.point() == point && hold.reached().getCount() > 0) {
        return hold;
      }
    }
    return null;
  }
}
