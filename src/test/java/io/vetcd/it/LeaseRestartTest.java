package io.vetcd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Beyond etcd (where lease checkpoints are an alpha flag, off by default): the leader checkpoints
 * remaining TTLs through the log, so a restarted member gives a lease what it had left, not its
 * full TTL again. A 20 s lease with about 8 s left before the restart has about that after it
 * (within one 5 s checkpoint interval), and its key goes when that runs out.
 */
class LeaseRestartTest {
  private static final Pattern GRANTED = Pattern.compile("lease ([0-9a-f]+) granted");
  private static final Pattern REMAINING = Pattern.compile("remaining\\((-?\\d+)s\\)");
  private static final long TTL_SECONDS = 20;

  @Test
  void aRestartKeepsTheRemainingTtlNotTheFullOne() throws Exception {
    try (ServerProcess server = ServerProcess.startUnderTest("lease-restart")) {
      Etcdctl etcdctl = new Etcdctl(server.endpoint());
      Matcher granted = GRANTED.matcher(etcdctl.ok("lease", "grant", String.valueOf(TTL_SECONDS)));
      assertTrue(granted.find());
      String lease = granted.group(1);
      etcdctl.ok("put", "--lease=" + lease, "/services/a", "up");
      long grantedNanos = System.nanoTime();
      Thread.sleep(12_000);
      long elapsed = Duration.ofNanos(System.nanoTime() - grantedNanos).toSeconds();
      server.stop();
      server.restart();
      long left = remaining(etcdctl, lease);
      // Without checkpoints it would be 20 s again; with them it is at most one checkpoint
      // interval (5 s) more than what was left at the stop (the time stopped does not count).
      assertTrue(left <= TTL_SECONDS - elapsed + 5 + 1 && left >= 1,
          "remaining " + left + " s after " + elapsed + " s of a " + TTL_SECONDS + " s lease");
      assertTrue(left < TTL_SECONDS - 5, "a restart gave the lease its full TTL back: " + left);
      String gone = Poll.until(Duration.ofSeconds(left + 3),
          () -> etcdctl.ok("get", "/services/a"), String::isEmpty);
      assertEquals("", gone);
    }
  }

  private static long remaining(Etcdctl etcdctl, String lease) {
    String out = etcdctl.ok("lease", "timetolive", lease);
    Matcher remaining = REMAINING.matcher(out);
    assertTrue(remaining.find(), out);
    return Long.parseLong(remaining.group(1));
  }
}
