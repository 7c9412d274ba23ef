package io.vetcd.bus;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Proposal ids as etcd makes them (its idutil.Generator): the low 16 bits of the member id, then
 * 40 bits of the start time in milliseconds, then an 8-bit counter that carries into the time.
 * Every member routes the result of an applied entry to the call waiting under its id, whoever
 * proposed it, so ids must not repeat across members: members whose ids differ in their low 16
 * bits never share one (the start time alone did not do: two members started a millisecond apart
 * met after 2^20 proposals). A restart starts past the ids it used before, as long as it
 * proposed fewer than 256 a millisecond on average.
 */
public final class RequestIds {
  private static final long LOW_48_BITS = (1L << 48) - 1;
  private final long prefix;
  private final AtomicLong next;

  public RequestIds(long memberId, long startMillis) {
    this.prefix = (memberId & 0xFFFF) << 48;
    this.next = new AtomicLong((startMillis << 8) & LOW_48_BITS);
  }

  public long next() {
    return prefix | (next.incrementAndGet() & LOW_48_BITS);
  }
}
