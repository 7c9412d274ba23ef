package io.vetcd.it;

import static io.vetcd.it.EtcdGrpc.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vetcd.proto.etcdserverpb.EtcdKVGrpcClient;
import io.vetcd.proto.etcdserverpb.RangeRequest;
import io.vetcd.proto.etcdserverpb.RangeResponse;
import io.vetcd.proto.mvccpb.KeyValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * kill -9 while clients write, restart on the same data directory, and check that every write the
 * member acknowledged is there exactly as acknowledged, that nothing appeared that nobody sent,
 * and that the revision keeps counting from where it was. Prints the seed, which fixes the kill
 * times (`-Dvetcd.seed=N`); `-Dvetcd.crash.rounds=N` runs longer.
 */
class CrashTest {
  private static final String PREFIX = "crash/";
  private static final int ROUNDS = Integer.getInteger("vetcd.crash.rounds", 5);
  /** Small enough that rounds cross Raft log compactions (snapshots), large enough to matter. */
  private static final String SNAPSHOT_COUNT = "--snapshot-count=300";
  private static final int WRITERS = 8;
  private static final int MIN_WRITE_MILLIS = 200;
  private static final int MAX_WRITE_MILLIS = 2000;

  /** What the clients sent: acknowledged puts with their revisions, and all attempted keys. */
  private final Map<String, Long> acknowledgedRevisions = new ConcurrentHashMap<>();
  private final Set<String> attemptedKeys = ConcurrentHashMap.newKeySet();

  @Test
  void acknowledgedWritesSurviveKill9() throws Exception {
    long seed = Long.getLong("vetcd.seed", System.nanoTime());
    System.out.println("CrashTest seed " + seed + " (replay with -Dvetcd.seed=" + seed + ")");
    Random random = new Random(seed);
    try (ServerProcess server = ServerProcess.startUnderTest("crash", SNAPSHOT_COUNT)) {
      for (int round = 0; round < ROUNDS; round++) {
        if (round > 0) {
          server.restart();
        }
        verifyRecovered(server, "before round " + round + " (seed " + seed + ")");
        long killAfter = MIN_WRITE_MILLIS + random.nextInt(MAX_WRITE_MILLIS - MIN_WRITE_MILLIS);
        writeUntilKilled(server, round, killAfter);
        System.out.printf("round %d: killed after %d ms, %d puts acknowledged so far%n", round,
            killAfter, acknowledgedRevisions.size());
      }
      server.restart();
      verifyRecovered(server, "after the last crash (seed " + seed + ")");
      assertTrue(acknowledgedRevisions.size() > ROUNDS, "the writers hardly wrote anything: "
          + acknowledgedRevisions.size() + " acknowledged puts");
    }
  }

  /** Concurrent writers put unique keys until the member is killed at `killAfterMillis`. */
  private void writeUntilKilled(ServerProcess server, int round, long killAfterMillis)
      throws InterruptedException {
    AtomicBoolean crashed = new AtomicBoolean();
    List<Thread> writers = new ArrayList<>();
    try (EtcdGrpc grpc = new EtcdGrpc(server.clientPort())) {
      for (int w = 0; w < WRITERS; w++) {
        String keyBase = PREFIX + "r" + round + "/w" + w + "/";
        Thread writer = new Thread(() -> writeKeys(grpc, keyBase, crashed), "writer-" + w);
        writers.add(writer);
        writer.start();
      }
      Thread.sleep(killAfterMillis);
      crashed.set(true);
      server.kill9();
      for (Thread writer : writers) {
        writer.join();
      }
    }
  }

  /** Puts keyBase0, keyBase1, ... and records each acknowledgement, until a put fails. */
  private void writeKeys(EtcdGrpc grpc, String keyBase, AtomicBoolean crashed) {
    for (int seq = 0; ; seq++) {
      String key = keyBase + seq;
      attemptedKeys.add(key);
      GrpcReply<io.vetcd.proto.etcdserverpb.PutResponse> reply;
      try {
        reply = grpc.put(key, valueOf(key));
      } catch (IllegalStateException connectionLost) {
        return;
      }
      if (reply.response() == null) {
        if (!crashed.get()) {
          fail("put " + key + " failed before the crash: " + reply.status() + " "
              + reply.message());
        }
        return; // the answer was lost with the member: the put may or may not have happened
      }
      acknowledgedRevisions.put(key, reply.response().getHeader().getRevision());
    }
  }

  private void verifyRecovered(ServerProcess server, String when) {
    try (EtcdGrpc grpc = new EtcdGrpc(server.clientPort())) {
      RangeResponse stored = grpc.call(EtcdKVGrpcClient.Range, RangeRequest.newBuilder()
          .setKey(bytes(PREFIX)).setRangeEnd(bytes("crash0")).build()).ok();
      List<String> problems = new ArrayList<>();
      Map<String, KeyValue> byKey = new HashMap<>();
      Set<Long> modRevisions = new HashSet<>();
      for (KeyValue kv : stored.getKvsList()) {
        String key = kv.getKey().toStringUtf8();
        byKey.put(key, kv);
        if (!attemptedKeys.contains(key)) {
          problems.add("key nobody wrote: " + key);
        }
        if (!kv.getValue().toStringUtf8().equals(valueOf(key)) || kv.getVersion() != 1) {
          problems.add("wrong content for " + key + ": " + kv);
        }
        if (!modRevisions.add(kv.getModRevision())) {
          problems.add("two puts share revision " + kv.getModRevision());
        }
      }
      long maxAcknowledged = 0;
      for (Map.Entry<String, Long> ack : acknowledgedRevisions.entrySet()) {
        KeyValue kv = byKey.get(ack.getKey());
        maxAcknowledged = Math.max(maxAcknowledged, ack.getValue());
        if (kv == null) {
          problems.add("acknowledged put lost: " + ack.getKey() + " at revision " + ack.getValue());
        } else if (kv.getModRevision() != ack.getValue()) {
          problems.add(ack.getKey() + " acknowledged at revision " + ack.getValue()
              + " but stored at " + kv.getModRevision());
        }
      }
      long current = stored.getHeader().getRevision();
      if (current < maxAcknowledged) {
        problems.add("current revision " + current + " is below acknowledged " + maxAcknowledged);
      }
      if (!problems.isEmpty()) {
        fail(when + ": " + problems.size() + " problems of " + acknowledgedRevisions.size()
            + " acknowledged puts:\n" + String.join("\n", problems.subList(0,
                Math.min(50, problems.size()))) + "\nserver log: " + server.logFile());
      }
      long next = grpc.put("crash-probe", "after " + when).ok().getHeader().getRevision();
      assertEquals(current + 1, next, when + ": the first write after recovery");
    }
  }

  private static String valueOf(String key) {
    return "value-of-" + key;
  }
}
