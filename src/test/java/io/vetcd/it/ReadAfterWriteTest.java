package io.vetcd.it;

import static io.vetcd.it.EtcdGrpc.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vetcd.proto.etcdserverpb.EtcdKVGrpcClient;
import io.vetcd.proto.etcdserverpb.RangeRequest;
import io.vetcd.proto.etcdserverpb.RangeResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Once a put is acknowledged, every later read on any connection sees it, linearizable or
 * serializable (a single member acknowledges only after applying), and revisions never go back.
 */
class ReadAfterWriteTest {
  private static final int THREADS = 4;
  private static final int PUTS_PER_THREAD = 150;

  @Test
  void acknowledgedPutsAreVisibleToOtherConnections() throws Exception {
    try (ServerProcess server = ServerProcess.startUnderTest("raw");
        EtcdGrpc writer = new EtcdGrpc(server.clientPort());
        EtcdGrpc reader = new EtcdGrpc(server.clientPort())) {
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        List<Future<List<String>>> results = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          String prefix = "raw/" + t + "/";
          results.add(pool.submit(() -> writeThenRead(writer, reader, prefix)));
        }
        List<String> problems = new ArrayList<>();
        for (Future<List<String>> result : results) {
          problems.addAll(result.get());
        }
        assertEquals(List.of(), problems.subList(0, Math.min(20, problems.size())),
            problems.size() + " stale reads");
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private static List<String> writeThenRead(EtcdGrpc writer, EtcdGrpc reader, String prefix) {
    List<String> problems = new ArrayList<>();
    long lastSeen = 0;
    for (int i = 0; i < PUTS_PER_THREAD; i++) {
      String key = prefix + i;
      long written = writer.put(key, "v" + i).ok().getHeader().getRevision();
      for (boolean serializable : new boolean[] {false, true}) {
        RangeResponse read = reader.call(EtcdKVGrpcClient.Range, RangeRequest.newBuilder()
            .setKey(bytes(key)).setSerializable(serializable).build()).ok();
        long seen = read.getHeader().getRevision();
        String kind = serializable ? "serializable" : "linearizable";
        if (read.getCount() != 1 || read.getKvs(0).getModRevision() != written) {
          problems.add(kind + " read of " + key + " acknowledged at " + written + " saw "
              + read.getKvsList());
        }
        if (seen < written || seen < lastSeen) {
          problems.add(kind + " read of " + key + " at header revision " + seen
              + " after the put at " + written + " and an earlier read at " + lastSeen);
        }
        lastSeen = Math.max(lastSeen, seen);
      }
    }
    return problems;
  }
}
