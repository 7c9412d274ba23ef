package io.vetcd.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestIdsTest {
  private static final long START = 1_764_763_200_000L;

  /** A bench's three members, started a millisecond apart, each proposing over a million. */
  @Test
  void membersStartedTogetherNeverShareAnId() {
    long[] members = {0x8e9e05c52164694dL, 0x91bc3c398fb3c146L, 0xfd422379fda50e48L};
    Set<Long> seen = new HashSet<>();
    for (int m = 0; m < members.length; m++) {
      RequestIds ids = new RequestIds(members[m], START + m);
      for (int i = 0; i < 1_100_000; i++) {
        long id = ids.next();
        assertTrue(seen.add(id), "id " + Long.toHexString(id) + " of member " + m + " repeated");
      }
    }
  }

  @Test
  void aRestartStartsPastTheIdsItUsedBefore() {
    long member = 0x8e9e05c52164694dL;
    RequestIds before = new RequestIds(member, START);
    long last = 0;
    for (int i = 0; i < 100 * 256; i++) { // 100 ms at the most the counter allows
      last = before.next();
    }
    long first = new RequestIds(member, START + 101).next();
    assertTrue(Long.compareUnsigned(first, last) > 0, "restarted at " + first + " after " + last);
    assertEquals(member & 0xFFFF, first >>> 48, "the member's low 16 bits lead");
  }
}
