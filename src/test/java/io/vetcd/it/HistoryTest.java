package io.vetcd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * History kept and dropped over time, through etcdctl: the Raft log compacted every
 * --snapshot-count entries must not lose anything across a restart, and periodic
 * auto-compaction must compact the key history as etcd's --auto-compaction-retention does.
 */
class HistoryTest {
  /** Far above the 1 s retention: only a slow machine gets near it, and passing never waits it out. */
  private static final Duration COMPACTION_LIMIT = Duration.ofSeconds(60);

  @Test
  void restartAfterLogCompactionKeepsEveryWriteAndTheRevision() throws Exception {
    try (ServerProcess server = ServerProcess.startUnderTest("snapshots", "--snapshot-count", "50")) {
      Etcdctl etcdctl = new Etcdctl(server.endpoint());
      for (int i = 0; i < 180; i++) {
        etcdctl.ok("put", "snap/" + i, "v" + i);
      }
      server.kill9();
      server.restart();
      String keys = etcdctl.ok("get", "snap/", "--prefix", "--keys-only");
      assertEquals(180, keys.lines().filter(line -> !line.isBlank()).count(), keys);
      assertEquals("v179\n", etcdctl.ok("get", "snap/179", "--print-value-only"));
      String put = etcdctl.ok("put", "after", "restart", "-w", "json");
      assertTrue(put.contains("\"revision\":182"), "1 + 180 puts + this one: " + put);
    }
  }

  @Test
  void periodicAutoCompactionDropsHistoryOlderThanTheRetention() throws Exception {
    try (ServerProcess server = ServerProcess.startUnderTest("autocompact",
        "--auto-compaction-mode", "periodic", "--auto-compaction-retention", "1s")) {
      Etcdctl etcdctl = new Etcdctl(server.endpoint());
      etcdctl.ok("put", "k", "old");
      etcdctl.ok("put", "k", "new");
      // Each probe writes, so that the periodic compactor sees new revisions to retain.
      CommandResult atRev2 = Poll.until(COMPACTION_LIMIT, () -> {
        etcdctl.ok("put", "tick", Instant.now().toString());
        return etcdctl.run("get", "k", "--rev=2");
      }, result -> !result.succeeded());
      assertFalse(atRev2.succeeded(), "revision 2 still readable after " + COMPACTION_LIMIT + ": " + atRev2.describe());
      assertTrue(atRev2.stderr().contains("mvcc: required revision has been compacted"),
          atRev2.describe());
      assertEquals("new\n", etcdctl.ok("get", "k", "--print-value-only"));
    }
  }
}
