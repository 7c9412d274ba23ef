package io.vetcd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.grpc.common.GrpcStatus;
import io.vetcd.proto.etcdserverpb.EtcdKVGrpcClient;
import io.vetcd.proto.etcdserverpb.EtcdMaintenanceGrpcClient;
import io.vetcd.proto.etcdserverpb.RangeRequest;
import io.vetcd.proto.etcdserverpb.RangeResponse;
import io.vetcd.proto.etcdserverpb.StatusRequest;
import io.vetcd.proto.etcdserverpb.StatusResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three vetcd members as real processes on loopback, talking over the peer transport, driven by
 * etcdctl and a gRPC client: writes through any member are read linearizably through every
 * member; the leader is killed (kill -9) and a new one is elected within about 2 s while clients
 * given every endpoint keep working; killed members restart and catch up to the same revision and
 * the same data; a member cut off by the transport's fault hook accepts no write; watches on every
 * member see the same events in the same order. The steps share one cluster and run in order, each
 * leaving it whole (three members, one leader) for the next.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {
  /**
   * Issue 8 asks for a new leader within 2 s on etcd's default timings (--heartbeat-interval 100,
   * --election-timeout 1000). etcd 3.4 takes 1.1 to 1.8 s here, and so did vetcd while its
   * followers waited out a full random election timeout; now a follower whose leader's port
   * refuses connections campaigns within half a timeout (about 0.5 s measured).
   */
  private static final Duration FAILOVER_LIMIT = Duration.ofMillis(2000);
  private static final Duration SETTLE_LIMIT = Duration.ofSeconds(20);
  /** An isolated leader steps down after one election timeout (1 s); well below the 7 s timeout. */
  private static final Duration STEP_DOWN_LIMIT = Duration.ofSeconds(4);
  private static final Set<String> CHANGE_ERRORS = Set.of("etcdserver: leader changed",
      "etcdserver: no leader", "etcdserver: request timed out");
  private static final int WATCHED_PUTS = 40;

  @RegisterExtension
  static final HookedCluster cluster = new HookedCluster();

  @Test
  @Order(1)
  void aWriteThroughAnyMemberIsReadLinearizablyThroughEveryMember() throws Exception {
    for (ServerProcess writer : cluster.members()) {
      String key = "through-" + writer.name();
      assertEquals("OK\n", new Etcdctl(writer.endpoint()).ok("put", key, "v-" + writer.name()));
      for (ServerProcess reader : cluster.members()) {
        // Linearizable (etcdctl's default): a follower asks the leader for a read index first.
        assertEquals(key + "\nv-" + writer.name() + "\n",
            new Etcdctl(reader.endpoint()).ok("get", key), "read through " + reader.name());
      }
    }
    List<StatusResponse> statuses = settledStatuses();
    assertEquals(1, statuses.stream().map(StatusResponse::getLeader).distinct().count(),
        "one leader for all: " + statuses);
    assertTrue(statuses.stream().anyMatch(s -> s.getLeader() == s.getHeader().getMemberId()),
        "the leader is a member: " + statuses);
    String table = new Etcdctl(allEndpoints()).ok("endpoint", "status", "-w", "table");
    assertEquals(1, table.lines().filter(line -> line.contains("|      true |")).count(), table);
  }

  @Test
  @Order(2)
  void killingTheLeaderElectsANewOneQuicklyAndClientsKeepWorking() throws Exception {
    ServerProcess oldLeader = leader();
    List<ServerProcess> survivors = cluster.others(oldLeader);
    long oldLeaderId = cluster.memberId(oldLeader);
    long killedAt = System.nanoTime();
    oldLeader.kill9();
    Duration elected = null;
    while (elected == null && System.nanoTime() - killedAt < SETTLE_LIMIT.toNanos()) {
      for (ServerProcess survivor : survivors) {
        long leader = status(survivor).getLeader();
        if (leader != 0 && leader != oldLeaderId) {
          elected = Duration.ofNanos(System.nanoTime() - killedAt);
        }
      }
    }
    Duration firstWrite = null;
    while (firstWrite == null && System.nanoTime() - killedAt < SETTLE_LIMIT.toNanos()) {
      for (ServerProcess survivor : survivors) {
        var put = cluster.client(survivor).put("after-failover", survivor.name());
        if (put.status() == GrpcStatus.OK) {
          firstWrite = Duration.ofNanos(System.nanoTime() - killedAt);
          break;
        }
        assertTrue(CHANGE_ERRORS.contains(put.message()), "a write caught in the change: "
            + put.describe());
      }
    }
    System.out.printf("ClusterTest: new leader %d ms after kill -9, first write %d ms%n",
        elected == null ? -1 : elected.toMillis(), firstWrite == null ? -1 : firstWrite.toMillis());
    assertTrue(elected != null && elected.compareTo(FAILOVER_LIMIT) <= 0,
        "new leader after " + elected);
    // etcdctl given every endpoint, the dead one included, goes on writing and reading.
    Etcdctl everyEndpoint = new Etcdctl(allEndpoints());
    for (int i = 0; i < 5; i++) {
      assertEquals("OK\n", everyEndpoint.ok("put", "all-endpoints-" + i, "v" + i));
      assertEquals("v" + i + "\n",
          everyEndpoint.ok("get", "all-endpoints-" + i, "--print-value-only"));
    }
    oldLeader.restart();
    assertSameDataEverywhere();
  }

  @Test
  @Order(3)
  void aKilledFollowerRestartsAndCatchesUp() throws Exception {
    ServerProcess follower = cluster.others(leader()).get(0);
    follower.kill9();
    Etcdctl survivors = new Etcdctl(endpointsOf(cluster.others(follower)));
    for (int i = 0; i < 20; i++) {
      assertEquals("OK\n", survivors.ok("put", "while-down-" + i, "v" + i));
    }
    follower.restart();
    assertSameDataEverywhere();
    assertEquals("v19\n", new Etcdctl(follower.endpoint())
        .ok("get", "while-down-19", "--print-value-only", "--consistency=s"));
  }

  /**
   * The leader cut off from both followers: its pending write fails with "leader changed" as soon
   * as it steps down (check-quorum, one election timeout), not at the request timeout; the
   * majority elects a new leader and goes on; the isolated member, leaderless, refuses writes at
   * once; and after healing the writes that failed are nowhere, the majority's everywhere.
   */
  @Test
  @Order(4)
  void aMinorityPartitionAcceptsNoWrites() throws Exception {
    ServerProcess isolated = leader();
    List<ServerProcess> majority = cluster.others(isolated);
    cluster.isolate(isolated);
    try {
      long start = System.nanoTime();
      var caught = cluster.client(isolated).put("in-minority", "lost");
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertNotEquals(GrpcStatus.OK, caught.status(), "the isolated leader committed a write");
      assertEquals("etcdserver: leader changed", caught.message(), caught.describe());
      assertTrue(took.compareTo(STEP_DOWN_LIMIT) < 0, "the write waited " + took);
      Etcdctl majorityClient = new Etcdctl(endpointsOf(majority));
      CommandResult put = Poll.until(SETTLE_LIMIT,
          () -> majorityClient.run("put", "in-majority", "kept"), CommandResult::succeeded);
      assertTrue(put.succeeded(), put.describe());
      // Once it has no leader, the isolated member refuses at once.
      var later = cluster.client(isolated).put("in-minority-later", "lost");
      assertEquals("etcdserver: no leader", later.message(), later.describe());
    } finally {
      cluster.heal(isolated);
    }
    assertSameDataEverywhere();
    for (ServerProcess member : cluster.members()) {
      assertEquals(0, range(member, "in-minority").getKvsCount(), member.name());
      assertEquals(0, range(member, "in-minority-later").getKvsCount(), member.name());
      assertEquals(1, range(member, "in-majority").getKvsCount(), member.name());
    }
  }

  /**
   * Issue 9: a watch on a follower sees what a watch on the leader sees. Writers put through all
   * three members at once; a watcher on each member must get every acknowledged write, each once,
   * in the same order with the same revisions; and a watch replaying that history from its first
   * revision gets the same list again on every member.
   */
  @Test
  @Order(5)
  void watchesOnEveryMemberSeeTheSameEventsInTheSameOrder() throws Exception {
    List<ServerProcess> members = cluster.members();
    List<WatchCall> watchers = new ArrayList<>();
    try {
      for (ServerProcess member : members) {
        WatchCall watcher = new WatchCall(member.clientPort());
        watcher.created(WatchCall.watchPrefix("watched/"));
        watchers.add(watcher);
      }
      List<Thread> writers = new ArrayList<>();
      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      for (ServerProcess member : members) {
        Thread writer = new Thread(() -> {
          for (int i = 0; i < WATCHED_PUTS; i++) {
            String key = "watched/" + member.name() + "/" + i;
            var put = cluster.client(member).put(key, "v" + i);
            if (put.status() == GrpcStatus.OK) {
              acknowledged.add(key);
            }
          }
        });
        writer.start();
        writers.add(writer);
      }
      for (Thread writer : writers) {
        writer.join();
      }
      assertEquals(WATCHED_PUTS * members.size(), acknowledged.size(), "acknowledged puts");
      List<List<String>> seen = new ArrayList<>();
      for (WatchCall watcher : watchers) {
        seen.add(WatchCall.events(watcher.untilEvents(acknowledged.size())));
      }
      assertEquals(acknowledged, seen.get(0).stream().map(e -> e.split(" ")[1])
          .collect(Collectors.toSet()), "the first member's watcher saw every acknowledged put");
      long firstRevision = Long.parseLong(seen.get(0).get(0).split(" ")[0]);
      for (int i = 0; i < members.size(); i++) {
        assertEquals(seen.get(0), seen.get(i), members.get(i).name() + "'s live events");
        try (WatchCall replay = new WatchCall(members.get(i).clientPort())) {
          replay.created(WatchCall.watchPrefix("watched/").setStartRevision(firstRevision));
          assertEquals(seen.get(0), WatchCall.events(replay.untilEvents(acknowledged.size())),
              members.get(i).name() + "'s events from history");
        }
      }
    } finally {
      for (WatchCall watcher : watchers) {
        watcher.close();
      }
    }
  }

  /** Every member at the same revision with the same keys, values and versions (serializable). */
  private void assertSameDataEverywhere() throws InterruptedException {
    List<RangeResponse> ranges =
        SameData.assertEverywhere(cluster.members(), m -> range(m, ""), SETTLE_LIMIT);
    assertTrue(ranges.get(0).getKvsCount() > 0, "the cluster holds data");
  }

  /** Statuses once every member agrees on the leader and the raft index. */
  private List<StatusResponse> settledStatuses() throws InterruptedException {
    return Poll.until(SETTLE_LIMIT, () -> cluster.members().stream().map(this::status).toList(),
        all -> all.stream().map(s -> List.of(s.getLeader(), s.getRaftIndex(),
            s.getRaftAppliedIndex())).distinct().count() == 1 && all.get(0).getLeader() != 0);
  }

  private ServerProcess leader() throws InterruptedException {
    long leaderId = settledStatuses().get(0).getLeader();
    return cluster.withId(leaderId);
  }

  private StatusResponse status(ServerProcess member) {
    return cluster.client(member).call(EtcdMaintenanceGrpcClient.Status,
        StatusRequest.getDefaultInstance()).ok();
  }

  private RangeResponse range(ServerProcess member, String key) {
    RangeRequest.Builder request = RangeRequest.newBuilder().setSerializable(true)
        .setKey(EtcdGrpc.bytes(key));
    if (key.isEmpty()) {
      request.setKey(EtcdGrpc.bytes("\0")).setRangeEnd(EtcdGrpc.bytes("\0"));
    }
    return cluster.client(member).call(EtcdKVGrpcClient.Range, request.build()).ok();
  }

  private String allEndpoints() {
    return endpointsOf(cluster.members());
  }

  private static String endpointsOf(List<ServerProcess> some) {
    return some.stream().map(ServerProcess::endpoint).collect(Collectors.joining(","));
  }
}
