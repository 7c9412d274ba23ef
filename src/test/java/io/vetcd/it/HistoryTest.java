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
      Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
      CommandResult atRev2;
      do {
        Thread.sleep(200);
        etcdctl.ok("put", "tick", Instant.now().toString());
        atRev2 = etcdctl.run("get", "k", "--rev=2");
      } while (atRev2.succeeded() && Instant.now().isBefore(deadline));
      assertFalse(atRev2.succeeded(), "revision 2 still readable after 20 s: " + atRev2.describe());
      assertTrue(atRev2.stderr().contains("mvcc: required revision has been compacted"),
          atRev2.describe());
      assertEquals("new\n", etcdctl.ok("get", "k", "--print-value-only"));
    }
  }
}
