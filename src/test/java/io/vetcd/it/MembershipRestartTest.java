package io.vetcd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vetcd.consensus.wal.SnapshotMarker;
import io.vetcd.consensus.wal.Wal;
import io.vetcd.consensus.wal.WalOptions;
import io.vetcd.proto.vetcdpb.Membership;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Membership survives a restart after log compaction: the conf changes that made it are no longer
 * in the WAL, and the member is restarted with its original --initial-cluster, which does not
 * name the learner added since. The member list (from the store), the membership the driver
 * checks changes against and the Raft core's (from the WAL's snapshot marker) must all still
 * have the learner.
 */
class MembershipRestartTest {
  /** etcdctl pads IDs to 16 digits with spaces (%16x): an ID that starts with 0 has a space more. */
  private static final Pattern ADDED = Pattern.compile("Member +([0-9a-f]+) added to cluster");
  private static final int SNAPSHOT_COUNT = 20;

  @Test
  void learnerSurvivesRestartAfterLogCompaction() throws Exception {
    try (ServerProcess server = ServerProcess.startUnderTest("restart-members",
        "--snapshot-count", String.valueOf(SNAPSHOT_COUNT))) {
      Etcdctl etcdctl = new Etcdctl(server.endpoint());
      String addOutput =
          etcdctl.ok("member", "add", "x", "--learner", "--peer-urls", "http://127.0.0.1:9999");
      Matcher added = ADDED.matcher(addOutput);
      assertTrue(added.find(), addOutput);
      String learner = added.group(1);
      try (EtcdGrpc grpc = new EtcdGrpc(server.clientPort())) {
        for (int i = 0; i < 3 * SNAPSHOT_COUNT; i++) {
          grpc.put("k" + i, "v").ok();
        }
      }
      String before = etcdctl.ok("member", "list");
      assertTrue(server.stop(), "no exit within 15 s of SIGTERM; log: " + server.logFile());

      SnapshotMarker marker = snapshotMarker(server);
      assertTrue(marker.index() > 2, "no log compaction after the add: " + marker);
      assertEquals(2, Membership.parseFrom(marker.membership()).getMembersCount(),
          "the marker's membership: " + marker);

      server.restart();
      assertEquals(before, etcdctl.ok("member", "list"));
      assertTrue(before.contains(learner + ", unstarted, , http://127.0.0.1:9999, , true"), before);
      // The driver knows the learner: a second one is refused as etcd refuses it.
      assertEquals("Error: etcdserver: too many learner members in cluster", etcdctl.run("member",
          "add", "y", "--learner", "--peer-urls", "http://127.0.0.1:9998").lastErrorLine());
      // The Raft core knows it as a learner that never caught up.
      assertEquals("Error: etcdserver: can only promote a learner member which is in sync with"
          + " leader", etcdctl.run("member", "promote", learner).lastErrorLine());
      assertEquals("Member " + learner + " removed from cluster",
          // etcdctl pads IDs to 16 digits with spaces (%16x).
          etcdctl.ok("member", "remove", learner).strip().replaceAll(" +", " ")
              .replaceAll(" [0-9a-f]+$", ""));
      assertEquals(1, etcdctl.ok("member", "list").strip().lines().count());
    }
  }

  private static SnapshotMarker snapshotMarker(ServerProcess server) {
    try (Wal wal = Wal.open(server.dataDir().resolve("member").resolve("wal"),
        WalOptions.defaults().withPreallocate(false))) {
      return wal.recovered().snapshot();
    }
  }
}
