package io.vetcd.it;

import static io.vetcd.it.EtcdGrpc.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.protobuf.ByteString;
import io.vetcd.proto.etcdserverpb.DeleteRangeRequest;
import io.vetcd.proto.etcdserverpb.DeleteRangeResponse;
import io.vetcd.proto.etcdserverpb.EtcdKVGrpcClient;
import io.vetcd.proto.etcdserverpb.PutRequest;
import io.vetcd.proto.etcdserverpb.RequestOp;
import io.vetcd.proto.etcdserverpb.TxnRequest;
import io.vetcd.proto.etcdserverpb.TxnResponse;
import io.vetcd.proto.etcdserverpb.WatchCreateRequest;
import io.vetcd.proto.etcdserverpb.WatchResponse;
import io.vetcd.proto.mvccpb.Event;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * etcd's watch guarantees (Ordered, Unique, Reliable, Atomic in etcd's API guarantees) under
 * concurrency: writers on their own connections change keys under overlapping prefixes while
 * watchers over overlapping ranges, live and catching up from history, listen. Each watcher must
 * receive exactly the acknowledged changes of its range, in revision order, none missing or
 * repeated. What is expected comes from the writers' acknowledgements, not from the server's
 * watch output.
 */
class WatchOrderingTest {
  private static final int WRITERS = 4;
  private static final int OPS_PER_WRITER = 150;
  private static final long SEED = Long.getLong("vetcd.seed", System.nanoTime());
  /** How long a watcher may stay silent while events are still due: then the diff is shown. */
  private static final long WAIT_SECONDS = 20;

  /** One change as a watcher must see it: revision, position in that revision, key, kind. */
  record Change(long revision, int position, String key, Event.EventType type) {}

  /** A watched range [key, end) (end empty: the key alone). */
  record Range(String key, String end) {
    boolean contains(String k) {
      return end.isEmpty() ? k.equals(key) : k.compareTo(key) >= 0 && k.compareTo(end) < 0;
    }

    WatchCreateRequest.Builder create(long startRevision) {
      return WatchCreateRequest.newBuilder().setKey(bytes(key)).setRangeEnd(bytes(end))
          .setStartRevision(startRevision);
    }
  }

  private static final List<Range> LIVE = List.of(
      new Range("/o/a/", "/o/a0"), new Range("/o/a/b/", "/o/a/b0"), new Range("/o/a/2", "/o/b/1"),
      new Range("/o/", "/o0"), new Range("/o/b/0/1/2", ""));

  @Test
  void everyWatcherSeesExactlyItsRangeInRevisionOrder() throws Exception {
    System.out.println("WatchOrderingTest seed " + SEED + " (replay with -Dvetcd.seed=" + SEED + ")");
    try (ServerProcess server = ServerProcess.startUnderTest("watch-order")) {
      long start;
      try (EtcdGrpc grpc = new EtcdGrpc(server.clientPort())) {
        start = grpc.put("/start", "x").ok().getHeader().getRevision();
      }
      List<WatchCall> live = new ArrayList<>();
      for (Range range : LIVE) {
        WatchCall call = new WatchCall(server.clientPort());
        call.created(range.create(start + 1));
        live.add(call);
      }
      List<Change> acknowledged = write(server.clientPort());
      for (int i = 0; i < LIVE.size(); i++) {
        assertSees(live.get(i), expected(acknowledged, LIVE.get(i), start + 1), LIVE.get(i));
      }
      // Catch-up from history, after the fact, must give the same sequences.
      for (Range range : LIVE) {
        try (WatchCall late = new WatchCall(server.clientPort())) {
          late.created(range.create(start + 1));
          assertSees(late, expected(acknowledged, range, start + 1), range);
        }
      }
      for (WatchCall call : live) {
        call.close();
      }
    }
  }

  private static void assertSees(WatchCall call, List<Change> expected, Range range) {
    List<Change> seen = new ArrayList<>();
    WatchResponse response;
    while (seen.size() < expected.size()
        && (response = call.poll(WAIT_SECONDS, TimeUnit.SECONDS)) != null) {
      for (Event event : response.getEventsList()) {
        seen.add(new Change(event.getKv().getModRevision(), 0,
            event.getKv().getKey().toStringUtf8(), event.getType()));
      }
    }
    assertEquals(withoutPositions(expected), seen, "events of " + range);
    assertNull(call.poll(300, TimeUnit.MILLISECONDS), "no event beyond the range's changes");
  }

  /** Writers on separate connections; returns every acknowledged change. */
  private static List<Change> write(int port) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    try {
      List<Future<List<Change>>> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        writers.add(pool.submit(() -> writer(port, writer, new Random(SEED + writer))));
      }
      List<Change> all = new ArrayList<>();
      for (Future<List<Change>> writer : writers) {
        all.addAll(writer.get(120, TimeUnit.SECONDS));
      }
      all.sort(Comparator.comparingLong(Change::revision).thenComparingInt(Change::position));
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Puts, deletes and two-put txns under shared prefixes, on keys of this writer's own (so it
   * knows which exist: each of its deletes must delete one key).
   */
  private static List<Change> writer(int port, int writer, Random random) {
    List<Change> changes = new ArrayList<>();
    Set<String> existing = new HashSet<>();
    try (EtcdGrpc grpc = new EtcdGrpc(port)) {
      for (int op = 0; op < OPS_PER_WRITER; op++) {
        String key = randomKey(random, writer);
        int kind = random.nextInt(10);
        if (kind < 2 && !existing.isEmpty()) {
          String victim = existing.iterator().next();
          DeleteRangeResponse deleted = grpc.call(EtcdKVGrpcClient.DeleteRange,
              DeleteRangeRequest.newBuilder().setKey(bytes(victim)).build()).ok();
          existing.remove(victim);
          assertEquals(1, deleted.getDeleted(), "only this writer deletes its keys");
          changes.add(new Change(deleted.getHeader().getRevision(), 0, victim,
              Event.EventType.DELETE));
        } else if (kind < 3) {
          String second = randomKey(random, writer) + "/t";
          TxnResponse txn = grpc.call(EtcdKVGrpcClient.Txn, TxnRequest.newBuilder()
              .addSuccess(putOp(key)).addSuccess(putOp(second)).build()).ok();
          existing.add(key);
          existing.add(second);
          changes.add(new Change(txn.getHeader().getRevision(), 0, key, Event.EventType.PUT));
          changes.add(new Change(txn.getHeader().getRevision(), 1, second, Event.EventType.PUT));
        } else {
          long revision = grpc.put(key, "v" + op).ok().getHeader().getRevision();
          existing.add(key);
          changes.add(new Change(revision, 0, key, Event.EventType.PUT));
        }
      }
    }
    return changes;
  }

  /** One of the writer's keys, under overlapping prefixes, so that ranges share and split them. */
  private static String randomKey(Random random, int writer) {
    String[] prefixes = {"/o/a/", "/o/a/b/", "/o/b/", "/o/b/0/"};
    return prefixes[random.nextInt(prefixes.length)] + random.nextInt(3) + "/" + writer;
  }

  private static RequestOp putOp(String key) {
    return RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder()
        .setKey(ByteString.copyFrom(key, StandardCharsets.UTF_8)).setValue(bytes("t"))).build();
  }

  private static List<Change> expected(List<Change> all, Range range, long fromRevision) {
    return all.stream()
        .filter(c -> c.revision() >= fromRevision && range.contains(c.key()))
        .toList();
  }

  private static List<Change> withoutPositions(List<Change> changes) {
    return changes.stream()
        .map(c -> new Change(c.revision(), 0, c.key(), c.type()))
        .toList();
  }
}
