package io.vetcd.it;

import static io.vetcd.it.EtcdGrpc.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.Message;
import io.vetcd.proto.etcdserverpb.EtcdKVGrpcClient;
import io.vetcd.proto.etcdserverpb.PutRequest;
import io.vetcd.proto.etcdserverpb.PutResponse;
import io.vetcd.proto.etcdserverpb.RangeRequest;
import io.vetcd.proto.etcdserverpb.RangeResponse;
import io.vetcd.proto.etcdserverpb.RequestOp;
import io.vetcd.proto.etcdserverpb.TxnRequest;
import io.vetcd.proto.etcdserverpb.TxnResponse;
import io.vetcd.proto.mvccpb.KeyValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * kill -9 while clients write (puts, and two-key txns), restart on the same data directory, and
 * check that every write the member acknowledged is there exactly as acknowledged, that txns are
 * all-or-nothing, that nothing appeared that nobody sent, and that the revision keeps counting
 * from where it was. Prints the seed, which fixes the kill times (`-Dvetcd.seed=N`);
 * `-Dvetcd.crash.rounds=N` runs longer.
 */
class CrashTest {
  private static final String PREFIX = "crash/";
  private static final int ROUNDS = Integer.getInteger("vetcd.crash.rounds", 5);
  /** Small enough that rounds cross Raft log compactions (snapshots), large enough to matter. */
  private static final String SNAPSHOT_COUNT = "--snapshot-count=300";
  private static final int WRITERS = 8;
  private static final int MIN_WRITE_MILLIS = 200;
  private static final int MAX_WRITE_MILLIS = 2000;
  private static final String PAIR_SUFFIX = "-twin";

  /** What the clients sent: acknowledged keys with their revisions, and all attempted keys. */
  private final Map<String, Long> acknowledgedRevisions = new ConcurrentHashMap<>();
  private final Set<String> attemptedKeys = ConcurrentHashMap.newKeySet();
  /** Failures seen by writer threads, reported by the test thread (JUnit sees only its own). */
  private final List<String> writerFailures = new CopyOnWriteArrayList<>();

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
        System.out.printf("round %d: killed after %d ms, %d keys acknowledged so far%n", round,
            killAfter, acknowledgedRevisions.size());
      }
      server.restart();
      verifyRecovered(server, "after the last crash (seed " + seed + ")");
      assertTrue(acknowledgedRevisions.size() > ROUNDS, "the writers hardly wrote anything: "
          + acknowledgedRevisions.size() + " acknowledged keys");
    }
  }

  /** Concurrent writers put unique keys until the member is killed at `killAfterMillis`. */
  private void writeUntilKilled(ServerProcess server, int round, long killAfterMillis)
      throws InterruptedException {
    AtomicBoolean crashed = new AtomicBoolean();
    List<Thread> writers = new ArrayList<>();
    try (EtcdGrpc grpc = new EtcdGrpc(server.clientPort())) {
      for (int w = 0; w < WRITERS; w++) {
        boolean pairs = w % 2 == 1;
        String keyBase = PREFIX + "r" + round + (pairs ? "/pairs" : "/w") + w + "/";
        Thread writer = new Thread(() -> writeKeys(grpc, keyBase, pairs, crashed),
            "writer-" + w);
        writers.add(writer);
        writer.start();
      }
      Thread.sleep(killAfterMillis);
      crashed.set(true);
      server.kill9();
      for (Thread writer : writers) {
        writer.join();
      }
      assertEquals(List.of(), writerFailures);
    }
  }

  /**
   * Writes keyBase0, keyBase1, ... and records each acknowledgement, until a request fails. Pair
   * writers put each key together with its {@link #PAIR_SUFFIX} twin in one txn, which must
   * survive a crash atomically.
   */
  private void writeKeys(EtcdGrpc grpc, String keyBase, boolean pairs, AtomicBoolean crashed) {
    for (int seq = 0; ; seq++) {
      List<String> keys = pairs ? List.of(keyBase + seq, keyBase + seq + PAIR_SUFFIX)
          : List.of(keyBase + seq);
      attemptedKeys.addAll(keys);
      GrpcReply<? extends Message> reply;
      try {
        reply = pairs ? grpc.call(EtcdKVGrpcClient.Txn, putAll(keys))
            : grpc.put(keys.get(0), valueOf(keys.get(0)));
      } catch (IllegalStateException connectionLost) {
        if (!crashed.get()) {
          writerFailures.add("writing " + keys + " lost its connection before the crash: "
              + connectionLost.getMessage());
        }
        return; // after the kill a lost connection is expected, like a lost answer below
      }
      if (reply.response() == null) {
        if (!crashed.get()) {
          writerFailures.add("writing " + keys + " failed before the crash: " + reply.describe());
        }
        return; // the answer was lost with the member: the write may or may not have happened
      }
      long revision = reply.response() instanceof TxnResponse txn ? txn.getHeader().getRevision()
          : ((PutResponse) reply.response()).getHeader().getRevision();
      keys.forEach(key -> acknowledgedRevisions.put(key, revision));
    }
  }

  private static TxnRequest putAll(List<String> keys) {
    TxnRequest.Builder txn = TxnRequest.newBuilder();
    keys.forEach(key -> txn.addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest
        .newBuilder().setKey(bytes(key)).setValue(bytes(valueOf(key))))));
    return txn.build();
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
        if (!key.endsWith(PAIR_SUFFIX) && !modRevisions.add(kv.getModRevision())) {
          problems.add("two writes share revision " + kv.getModRevision());
        }
      }
      for (KeyValue kv : stored.getKvsList()) {
        String key = kv.getKey().toStringUtf8();
        String twin = key.endsWith(PAIR_SUFFIX)
            ? key.substring(0, key.length() - PAIR_SUFFIX.length())
            : key.contains("/pairs") ? key + PAIR_SUFFIX : null;
        if (twin != null && (byKey.get(twin) == null
            || byKey.get(twin).getModRevision() != kv.getModRevision())) {
          problems.add("txn half-applied: " + key + " at " + kv.getModRevision() + " but "
              + twin + " is " + byKey.get(twin));
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
            + " acknowledged keys:\n" + String.join("\n", problems.subList(0,
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
