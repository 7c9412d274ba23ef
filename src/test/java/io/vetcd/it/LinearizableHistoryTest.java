package io.vetcd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.grpc.common.GrpcStatus;
import io.vetcd.proto.etcdserverpb.EtcdMaintenanceGrpcClient;
import io.vetcd.proto.etcdserverpb.HashKVRequest;
import io.vetcd.proto.etcdserverpb.HashKVResponse;
import io.vetcd.proto.etcdserverpb.StatusRequest;
import io.vetcd.proto.etcdserverpb.StatusResponse;
import io.vetcd.proto.etcdserverpb.WatchResponse;
import io.vetcd.proto.mvccpb.Event;
import io.vetcd.proto.mvccpb.KeyValue;
import io.vetcd.sim.LinearizabilityChecker;
import io.vetcd.sim.Operation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 8's correctness test on real processes: three vetcd members on loopback, clients writing
 * and reading through every member while the leader is killed (kill -9) and restarted, then a
 * follower, then the leader is cut off through the peer fault hook and healed. The clients'
 * history, with the final reads through every member, must be linearizable (the simulator's
 * checker, one register per key); every acknowledged write must be in every member's history at
 * the revision it was acknowledged with; and every member must end with the same HashKV at the
 * same revision. A second run reads serializably through a cut-off member and must be caught.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LinearizableHistoryTest {
  private static final int CLIENTS_PER_MEMBER = 3;
  /** Few keys, so that clients contend on each: each key is one register for the checker. */
  private static final int KEYS = 6;
  private static final Duration PHASE = Duration.ofSeconds(2);
  private static final Duration CUT = Duration.ofSeconds(4);
  private static final Duration SETTLE_LIMIT = Duration.ofSeconds(20);
  private static final long HISTORY_PAUSE_SECONDS = 5;

  @RegisterExtension
  static final HookedCluster cluster = new HookedCluster();

  @Test
  @Order(1)
  void theHistoryThroughCrashesAndAPartitionIsLinearizableAndMembersEndTheSame()
      throws Exception {
    RecordedWorkload workload = new RecordedWorkload("lin/", KEYS);
    long started = System.nanoTime();
    workload.start(clientsThroughEveryMember(false));
    try {
      pause(PHASE);
      ServerProcess leader = leader();
      leader.kill9();
      pause(PHASE);
      leader.restart();
      pause(PHASE);
      ServerProcess follower = cluster.others(leader()).get(0);
      follower.kill9();
      pause(PHASE);
      follower.restart();
      pause(PHASE);
      ServerProcess isolated = leader();
      cluster.isolate(isolated);
      pause(CUT);
      cluster.heal(isolated);
      pause(PHASE);
    } finally {
      workload.stop();
    }
    long ran = Duration.ofNanos(System.nanoTime() - started).toMillis();
    long revision = sameHashEverywhere();
    int reader = 1000;
    for (String key : workload.keys()) {
      for (ServerProcess member : cluster.members()) {
        RecordedWorkload.Client client =
            new RecordedWorkload.Client(reader++, cluster.client(member), false);
        assertTrue(workload.get(client, key), "a final read of " + key + " through "
            + member.name());
      }
    }
    everyAcknowledgedWriteIsOnEveryMember(workload, revision);
    List<Operation> history = workload.history();
    long checkStart = System.nanoTime();
    String violation = LinearizabilityChecker.firstViolation(history);
    long checked = Duration.ofNanos(System.nanoTime() - checkStart).toMillis();
    System.out.printf("LinearizableHistoryTest: %d operations in %d ms (%d writes acknowledged),"
        + " revision %d, checked in %d ms; errors %s%n", history.size(), ran,
        workload.acknowledged().size(), revision, checked, workload.errors());
    assertNull(violation, () -> "not linearizable on " + violation + ": "
        + opsOf(history, violation));
    assertTrue(workload.acknowledged().size() > 100,
        "the clients got writes through: " + workload.acknowledged().size());
  }

  /**
   * The checker on a deliberately broken client: reads served locally (serializable) by a leader
   * cut off from the others, while writes go on through the majority, and recorded as if they
   * were linearizable. The cut-off member cannot see those writes, so the history must be caught.
   */
  @Test
  @Order(2)
  void serializableReadsFromACutOffLeaderAreCaught() throws Exception {
    ServerProcess isolated = leader();
    List<ServerProcess> majority = cluster.others(isolated);
    RecordedWorkload workload = new RecordedWorkload("stale/", KEYS);
    List<RecordedWorkload.Client> brokenClients = new ArrayList<>();
    for (int i = 0; i < CLIENTS_PER_MEMBER; i++) {
      brokenClients.add(new RecordedWorkload.Client(i, cluster.client(majority.get(i % 2)), false));
      brokenClients.add(new RecordedWorkload.Client(100 + i, cluster.client(isolated), true));
    }
    cluster.isolate(isolated);
    workload.start(brokenClients);
    try {
      pause(CUT.plus(PHASE));
    } finally {
      workload.stop();
      cluster.heal(isolated);
    }
    String violation = LinearizabilityChecker.firstViolation(workload.history());
    System.out.printf("LinearizableHistoryTest: serializable reads of a cut-off leader: %d"
        + " operations, violation on %s%n", workload.history().size(), violation);
    assertNotNull(violation, "stale reads went unnoticed: " + workload.history());
    sameHashEverywhere();
  }

  private List<RecordedWorkload.Client> clientsThroughEveryMember(boolean serializable) {
    List<RecordedWorkload.Client> all = new ArrayList<>();
    for (ServerProcess member : cluster.members()) {
      for (int i = 0; i < CLIENTS_PER_MEMBER; i++) {
        all.add(new RecordedWorkload.Client(all.size(), cluster.client(member), serializable));
      }
    }
    return all;
  }

  /** Every member's HashKV at its current revision, once all agree; returns that revision. */
  private long sameHashEverywhere() throws InterruptedException {
    List<List<Long>> hashes = Poll.until(SETTLE_LIMIT,
        () -> cluster.members().stream().map(this::hashKv).toList(),
        all -> !all.contains(null) && all.stream().distinct().count() == 1);
    assertTrue(!hashes.contains(null) && hashes.stream().distinct().count() == 1,
        "HashKV (hash, revision) per member: " + hashes);
    return hashes.get(0).get(1);
  }

  private List<Long> hashKv(ServerProcess member) {
    GrpcReply<HashKVResponse> reply = cluster.client(member).call(EtcdMaintenanceGrpcClient.HashKV,
        HashKVRequest.getDefaultInstance());
    return reply.status() != GrpcStatus.OK ? null : List.of(
        Integer.toUnsignedLong(reply.response().getHash()),
        reply.response().getHeader().getRevision());
  }

  /**
   * Each member's history of the workload's keys, watched from revision 1 up to
   * {@code revision}, holds every acknowledged put at the revision its response gave.
   */
  private void everyAcknowledgedWriteIsOnEveryMember(RecordedWorkload workload, long revision)
      throws Exception {
    for (ServerProcess member : cluster.members()) {
      Map<Long, KeyValue> puts = new HashMap<>();
      try (WatchCall watch = new WatchCall(member.clientPort())) {
        watch.created(WatchCall.watchPrefix("lin/").setStartRevision(1));
        long seen = 0;
        while (seen < revision) {
          // The last revision may be a write of another kind: a pause ends the history too.
          WatchResponse response = watch.poll(HISTORY_PAUSE_SECONDS, TimeUnit.SECONDS);
          if (response == null) {
            break;
          }
          for (Event event : response.getEventsList()) {
            puts.put(event.getKv().getModRevision(), event.getKv());
            seen = event.getKv().getModRevision();
          }
        }
      }
      for (RecordedWorkload.Ack ack : workload.acknowledged()) {
        KeyValue kv = puts.get(ack.revision());
        assertEquals(ack.key() + "=" + ack.value(), kv == null ? "nothing"
            : kv.getKey().toString(StandardCharsets.UTF_8) + "="
                + kv.getValue().toString(StandardCharsets.UTF_8),
            member.name() + " at revision " + ack.revision());
      }
    }
  }

  /** The leader all running members agree on. */
  private ServerProcess leader() throws InterruptedException {
    List<ServerProcess> running =
        cluster.members().stream().filter(ServerProcess::isAlive).toList();
    List<Long> leaders = Poll.until(SETTLE_LIMIT, () -> running.stream().map(this::leaderSeenBy)
        .toList(), seen -> seen.get(0) != 0 && seen.stream().distinct().count() == 1);
    assertTrue(leaders.get(0) != 0 && leaders.stream().distinct().count() == 1,
        "no leader agreed on: " + leaders);
    return cluster.withId(leaders.get(0));
  }

  private long leaderSeenBy(ServerProcess member) {
    try {
      GrpcReply<StatusResponse> reply = cluster.client(member).call(
          EtcdMaintenanceGrpcClient.Status, StatusRequest.getDefaultInstance());
      return reply.status() == GrpcStatus.OK ? reply.response().getLeader() : 0;
    } catch (IllegalStateException e) {
      return 0; // not answering yet
    }
  }

  private static String opsOf(List<Operation> history, String key) {
    return history.stream().filter(op -> op.key().equals(key)).map(Operation::toString)
        .collect(Collectors.joining("\n  ", "\n  ", ""));
  }

  private static void pause(Duration duration) throws InterruptedException {
    Thread.sleep(duration.toMillis());
  }
}
