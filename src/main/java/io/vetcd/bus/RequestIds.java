package io.vetcd.bus;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Proposal ids, unique within this member: results of applied entries find their waiting call by
 * id. The high bits come from the start time so that ids from before a restart are not reused.
 */
public final class RequestIds {
  private final AtomicLong next;

  public RequestIds(long startMillis) {
    this.next = new AtomicLong(startMillis << 20);
  }

  public long next() {
    return next.incrementAndGet();
  }
}
