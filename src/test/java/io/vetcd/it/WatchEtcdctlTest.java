package io.vetcd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a user of etcdctl watch sees: live events, replayed history, a compacted revision. */
class WatchEtcdctlTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  /** "At once", with room for a loaded test machine. */
  private static final Duration AT_ONCE = Duration.ofSeconds(2);

  private static ServerProcess server;
  private static Etcdctl etcdctl;

  @BeforeAll
  static void startMember() throws Exception {
    server = ServerProcess.startUnderTest("watch-etcdctl");
    etcdctl = new Etcdctl(server.endpoint());
  }

  @AfterAll
  static void stopMember() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void watchSeesPutsFromAnotherClientAtOnce() throws Exception {
    try (WatchProcess watch = WatchProcess.etcdctl(server.endpoint(), "watch", "/hello")) {
      // The watch is live once a put shows up; before that a put may precede it.
      int warmups = 0;
      while (!watch.output().contains("warmup")) {
        etcdctl.ok("put", "/hello", "warmup");
        assertTrue(++warmups < 100, "the watch never started: " + watch.output());
        Thread.sleep(100);
      }
      etcdctl.ok("put", "/hello", "world");
      long start = System.nanoTime();
      watch.await(out -> out.endsWith("PUT\n/hello\nworld\n"), WAIT);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertTrue(took.compareTo(AT_ONCE) < 0, "the event took " + took);
    }
  }

  @Test
  void prefixFromRevisionReplaysHistoryWithPrevKvThenFollows() throws Exception {
    long first = revisionOf(etcdctl.ok("put", "/services/a", "1", "-w", "json"));
    etcdctl.ok("put", "/services/b", "2");
    etcdctl.ok("del", "/services/a");
    etcdctl.ok("put", "/other", "not watched");
    try (WatchProcess watch = WatchProcess.etcdctl(server.endpoint(), "watch", "--prefix",
        "/services/", "--rev=" + first, "--prev-kv")) {
      String history = "PUT\n/services/a\n1\n"
          + "PUT\n/services/b\n2\n"
          + "DELETE\n/services/a\n1\n/services/a\n\n";
      watch.await(out -> out.equals(history), WAIT);
      etcdctl.ok("put", "/services/b", "3");
      watch.await(out -> out.equals(history + "PUT\n/services/b\n2\n/services/b\n3\n"), WAIT);
    }
  }

  @Test
  void watchFromACompactedRevisionFailsWithEtcdsError() throws Exception {
    long first = revisionOf(etcdctl.ok("put", "/compacted", "1", "-w", "json"));
    long second = revisionOf(etcdctl.ok("put", "/compacted", "2", "-w", "json"));
    etcdctl.ok("compact", String.valueOf(second));
    try (WatchProcess watch = WatchProcess.etcdctl(server.endpoint(), "watch", "--rev=" + first,
        "/compacted")) {
      int exit = watch.awaitExit(WAIT);
      assertEquals("watch was canceled (etcdserver: mvcc: required revision has been compacted)\n"
          + "Error: watch is canceled by the server\n", watch.output());
      assertEquals(5, exit);
    }
  }

  private static long revisionOf(String json) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"revision\":(\\d+)").matcher(json);
    assertTrue(m.find(), json);
    return Long.parseLong(m.group(1));
  }
}
