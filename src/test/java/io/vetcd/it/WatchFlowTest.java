package io.vetcd.it;

import static io.vetcd.it.EtcdGrpc.bytes;
import static io.vetcd.it.WatchCall.watchPrefix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vetcd.proto.etcdserverpb.DeleteRangeRequest;
import io.vetcd.proto.etcdserverpb.EtcdKVGrpcClient;
import io.vetcd.proto.etcdserverpb.PutRequest;
import io.vetcd.proto.etcdserverpb.RequestOp;
import io.vetcd.proto.etcdserverpb.TxnRequest;
import io.vetcd.proto.etcdserverpb.WatchResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How much a watch stream sends at once: a client that does not read holds up no one and later
 * receives every event; a watch that asked for fragments gets large responses in pieces (etcd's
 * sendFragments, bounded by --max-request-bytes).
 */
class WatchFlowTest {
  /** 12 MB of events: more than the socket buffers, HTTP/2 windows and the stream's buffer. */
  private static final int TXNS = 60;
  private static final int PUTS_PER_TXN = 100;
  private static final String VALUE = "v".repeat(2000);
  private static final int FRAGMENT_LIMIT_BYTES = 8192;
  private static final int LARGE_VALUE_BYTES = 7000;
  private static final int LARGE_KEYS = 100;

  /**
   * The slow client is an etcdctl process stopped with SIGSTOP: it reads nothing at all, so the
   * socket buffers and HTTP/2 windows fill and the server's stream stops taking responses. (A
   * paused Vert.x client keeps reading into its own buffer, which would prove nothing.)
   */
  @Test
  void aWatcherThatDoesNotReadBlocksNoOneAndLaterReceivesEverything() throws Exception {
    try (ServerProcess server = ServerProcess.startUnderTest("watch-slow");
        EtcdGrpc grpc = new EtcdGrpc(server.clientPort());
        WatchProcess slow = WatchProcess.etcdctl(server.endpoint(), "watch", "--prefix", "slow/");
        WatchCall reader = new WatchCall(server.clientPort())) {
      reader.created(watchPrefix("slow/"));
      int warmups = 0;
      while (!slow.output().contains("slow/warmup")) {
        grpc.put("slow/warmup", "w").ok();
        reader.next();
        assertTrue(++warmups < 100, "etcdctl watch never started: " + slow.output());
        Thread.sleep(100);
      }
      slow.suspend();

      List<String> written = new ArrayList<>();
      for (int t = 0; t < TXNS; t++) {
        TxnRequest.Builder txn = TxnRequest.newBuilder();
        for (int i = 0; i < PUTS_PER_TXN; i++) {
          txn.addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder()
              .setKey(bytes(key(t, i))).setValue(bytes(VALUE))));
        }
        grpc.call(EtcdKVGrpcClient.Txn, txn.build()).ok();
        for (int i = 0; i < PUTS_PER_TXN; i++) {
          written.add(key(t, i));
        }
      }
      assertEquals(written, keys(reader.untilEvents(written.size())),
          "the reading watcher got every event while the other did not read");

      slow.resume();
      String last = "\n" + written.get(written.size() - 1) + "\n";
      String output = slow.await(out -> out.contains(last), Duration.ofSeconds(60));
      List<String> slowKeys = output.lines().filter(line -> line.startsWith("slow/0")).toList();
      assertEquals(written, slowKeys, "the slow watcher got every event, in order, none twice");
    }
  }

  @Test
  void largeResponsesComeInFragmentsWhenAsked() throws Exception {
    try (ServerProcess server = ServerProcess.startUnderTest("watch-fragment",
            "--max-request-bytes", String.valueOf(FRAGMENT_LIMIT_BYTES));
        EtcdGrpc grpc = new EtcdGrpc(server.clientPort());
        WatchCall call = new WatchCall(server.clientPort())) {
      for (int i = 0; i < LARGE_KEYS; i++) {
        grpc.put("frag/" + i, "x".repeat(LARGE_VALUE_BYTES)).ok();
      }
      long fragmented = call.created(watchPrefix("frag/").setPrevKv(true).setFragment(true))
          .getWatchId();
      long whole = call.created(watchPrefix("frag/").setPrevKv(true)).getWatchId();
      grpc.call(EtcdKVGrpcClient.DeleteRange, DeleteRangeRequest.newBuilder()
          .setKey(bytes("frag/")).setRangeEnd(bytes("frag0")).build()).ok();

      // The deletes carry ~700 KB of previous values: over etcd's limit of max-request-bytes
      // plus 512 KiB of gRPC allowance, so the fragmenting watch gets two pieces.
      List<String> shapes = new ArrayList<>();
      WatchResponse response;
      while ((response = call.poll(2, TimeUnit.SECONDS)) != null) {
        shapes.add(response.getWatchId() + ":" + response.getEventsCount()
            + (response.getFragment() ? "+" : ""));
      }
      shapes.sort(null);
      assertEquals(List.of(fragmented + ":25", fragmented + ":75+", whole + ":100"), shapes);
    }
  }

  private static String key(int txn, int put) {
    return String.format("slow/%03d/%03d", txn, put);
  }

  private static List<String> keys(List<WatchResponse> responses) {
    List<String> keys = new ArrayList<>();
    responses.forEach(r -> r.getEventsList().forEach(
        e -> keys.add(e.getKv().getKey().toStringUtf8())));
    return keys;
  }
}
