package io.vetcd.it;

import static io.vetcd.it.EtcdGrpc.bytes;
import static io.vetcd.it.WatchCall.watch;
import static io.vetcd.it.WatchCall.watchPrefix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.vetcd.proto.etcdserverpb.CompactionRequest;
import io.vetcd.proto.etcdserverpb.DeleteRangeRequest;
import io.vetcd.proto.etcdserverpb.EtcdKVGrpcClient;
import io.vetcd.proto.etcdserverpb.PutRequest;
import io.vetcd.proto.etcdserverpb.RequestOp;
import io.vetcd.proto.etcdserverpb.TxnRequest;
import io.vetcd.proto.etcdserverpb.WatchCreateRequest.FilterType;
import io.vetcd.proto.etcdserverpb.WatchResponse;
import io.vetcd.proto.mvccpb.Event;
import io.vetcd.proto.mvccpb.Event.EventType;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * etcdserverpb.Watch through the generated Vert.x gRPC client, with etcd 3.4's semantics
 * (etcdserver/api/v3rpc/watch.go, mvcc/watcher.go): many watches on one stream, ids, ranges,
 * filters, prev_kv, progress, cancel, compaction, one response per txn.
 */
class WatchGrpcTest {
  private static ServerProcess server;
  private static EtcdGrpc grpc;

  @BeforeAll
  static void startMember() throws Exception {
    server = ServerProcess.startUnderTest("watch-grpc");
    grpc = new EtcdGrpc(server.clientPort());
  }

  @AfterAll
  static void stopMember() {
    if (grpc != null) {
      grpc.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void manyWatchesOnOneStreamEachSeeTheirKeys() throws Exception {
    try (WatchCall call = new WatchCall(server.clientPort())) {
      long single = call.created(watch("many/a")).getWatchId();
      long prefix = call.created(watchPrefix("many/p/")).getWatchId();
      long fromKey = call.created(watch("many/z").setRangeEnd(ByteString.copyFrom(new byte[] {0})))
          .getWatchId();
      assertEquals(List.of(0L, 1L, 2L), List.of(single, prefix, fromKey), "ids count up from 0");

      grpc.put("many/a", "1").ok();
      grpc.put("many/p/1", "2").ok();
      grpc.put("many/zz", "3").ok();
      grpc.put("many/b", "not watched").ok();
      grpc.put("many/p/2", "4").ok();

      List<String> seen = List.of(event(call.next()), event(call.next()), event(call.next()),
          event(call.next()));
      assertEquals(List.of("0 PUT many/a=1", "1 PUT many/p/1=2", "2 PUT many/zz=3",
          "1 PUT many/p/2=4"), seen);
      assertNull(call.poll(300, TimeUnit.MILLISECONDS), "nothing more");
    }
  }

  @Test
  void clientChosenIdsMustBeFreeOnTheStream() throws Exception {
    try (WatchCall call = new WatchCall(server.clientPort())) {
      assertEquals(7, call.created(watch("ids/a").setWatchId(7)).getWatchId());
      WatchResponse duplicate = call.created(watch("ids/b").setWatchId(7));
      assertEquals(-1, duplicate.getWatchId());
      assertTrue(duplicate.getCanceled());
      assertEquals("mvcc: duplicate watch ID provided on the WatchStream",
          duplicate.getCancelReason());
      assertEquals(0, call.created(watch("ids/c")).getWatchId(), "auto ids start at 0");

      WatchResponse empty = call.created(watch("ids/b").setRangeEnd(bytes("ids/a")));
      assertTrue(empty.getCanceled());
      assertEquals("mvcc: watcher range is empty", empty.getCancelReason());
    }
  }

  @Test
  void cancelEndsOneWatchAndUnknownIdsGetNoAnswer() throws Exception {
    try (WatchCall call = new WatchCall(server.clientPort())) {
      long canceled = call.created(watch("cancel/k")).getWatchId();
      long kept = call.created(watch("cancel/k")).getWatchId();
      call.cancel(canceled);
      WatchResponse answer = call.next();
      assertTrue(answer.getCanceled());
      assertEquals(canceled, answer.getWatchId());

      call.cancel(99).requestProgress();
      assertEquals(-1, call.next().getWatchId(), "the progress answer, no cancel for id 99");

      grpc.put("cancel/k", "v").ok();
      WatchResponse events = call.next();
      assertEquals(kept, events.getWatchId());
      assertNull(call.poll(300, TimeUnit.MILLISECONDS), "the canceled watch sees nothing");
    }
  }

  @Test
  void progressRequestReportsTheCurrentRevision() throws Exception {
    try (WatchCall call = new WatchCall(server.clientPort())) {
      call.created(watch("progress/k"));
      long revision = grpc.put("progress/other", "v").ok().getHeader().getRevision();
      call.requestProgress();
      WatchResponse progress = call.next();
      assertEquals(-1, progress.getWatchId());
      assertEquals(0, progress.getEventsCount());
      assertFalse(progress.getCreated() || progress.getCanceled());
      assertEquals(revision, progress.getHeader().getRevision());
    }
  }

  @Test
  void filtersAndPrevKv() throws Exception {
    grpc.put("filter/k", "1").ok();
    try (WatchCall call = new WatchCall(server.clientPort())) {
      long noPut = call.created(watch("filter/k").addFilters(FilterType.NOPUT).setPrevKv(true))
          .getWatchId();
      long noDelete = call.created(watch("filter/k").addFilters(FilterType.NODELETE)
          .setPrevKv(true)).getWatchId();
      grpc.put("filter/k", "2").ok();
      grpc.call(EtcdKVGrpcClient.DeleteRange,
          DeleteRangeRequest.newBuilder().setKey(bytes("filter/k")).build()).ok();
      grpc.put("filter/k", "3").ok();

      WatchResponse put = call.next();
      assertEquals(noDelete, put.getWatchId());
      assertEquals("2", put.getEvents(0).getKv().getValue().toStringUtf8());
      assertEquals("1", put.getEvents(0).getPrevKv().getValue().toStringUtf8());
      WatchResponse delete = call.next();
      assertEquals(noPut, delete.getWatchId());
      assertEquals(EventType.DELETE, delete.getEvents(0).getType());
      assertEquals("2", delete.getEvents(0).getPrevKv().getValue().toStringUtf8());
      WatchResponse created = call.next();
      assertEquals(noDelete, created.getWatchId());
      assertFalse(created.getEvents(0).hasPrevKv(), "a creation has no previous value");
    }
  }

  @Test
  void aTxnArrivesInOneResponse() throws Exception {
    try (WatchCall call = new WatchCall(server.clientPort())) {
      call.created(watchPrefix("txn-watch/"));
      TxnRequest.Builder txn = TxnRequest.newBuilder();
      for (int i = 0; i < 3; i++) {
        txn.addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder()
            .setKey(bytes("txn-watch/" + i)).setValue(bytes("v"))));
      }
      long revision = grpc.call(EtcdKVGrpcClient.Txn, txn.build()).ok().getHeader().getRevision();
      WatchResponse response = call.next();
      assertEquals(3, response.getEventsCount());
      assertEquals(revision, response.getHeader().getRevision());
      response.getEventsList().forEach(e -> assertEquals(revision, e.getKv().getModRevision()));
    }
  }

  @Test
  void startRevisionReplaysHistoryThenFollows() throws Exception {
    long first = grpc.put("history/k", "1").ok().getHeader().getRevision();
    grpc.put("history/k", "2").ok();
    try (WatchCall call = new WatchCall(server.clientPort())) {
      call.created(watch("history/k").setStartRevision(first));
      List<WatchResponse> replay = call.untilEvents(2);
      grpc.put("history/k", "3").ok();
      List<WatchResponse> live = call.untilEvents(1);
      assertEquals(List.of("1", "2", "3"), values(replay, live));
    }
  }

  @Test
  void aWatchFromACompactedRevisionIsCanceled() throws Exception {
    long first = grpc.put("compacted/k", "1").ok().getHeader().getRevision();
    long compactAt = grpc.put("compacted/k", "2").ok().getHeader().getRevision();
    grpc.call(EtcdKVGrpcClient.Compact,
        CompactionRequest.newBuilder().setRevision(compactAt).setPhysical(true).build()).ok();
    try (WatchCall call = new WatchCall(server.clientPort())) {
      long id = call.created(watch("compacted/k").setStartRevision(first)).getWatchId();
      WatchResponse compacted = call.next();
      assertEquals(id, compacted.getWatchId());
      assertTrue(compacted.getCanceled());
      assertEquals(compactAt, compacted.getCompactRevision());
      assertEquals(0, compacted.getEventsCount());
    }
  }

  @Test
  void progressNotifyTellsAnIdleWatchTheRevisionAtEachInterval() throws Exception {
    try (ServerProcess quick = ServerProcess.startUnderTest("watch-progress",
            "--experimental-watch-progress-notify-interval", "200ms");
        EtcdGrpc kv = new EtcdGrpc(quick.clientPort());
        WatchCall call = new WatchCall(quick.clientPort())) {
      long revision = kv.put("notify/other", "v").ok().getHeader().getRevision();
      long id = call.created(watch("notify/k").setProgressNotify(true)).getWatchId();
      WatchResponse progress = call.next();
      assertEquals(id, progress.getWatchId());
      assertEquals(0, progress.getEventsCount());
      assertEquals(revision, progress.getHeader().getRevision());
    }
  }

  static String event(WatchResponse response) {
    assertEquals(1, response.getEventsCount(), response.toString());
    Event event = response.getEvents(0);
    return response.getWatchId() + " " + event.getType() + " "
        + event.getKv().getKey().toStringUtf8() + "=" + event.getKv().getValue().toStringUtf8();
  }

  @SafeVarargs
  private static List<String> values(List<WatchResponse>... batches) {
    return java.util.Arrays.stream(batches).flatMap(List::stream)
        .flatMap(r -> r.getEventsList().stream())
        .map(e -> e.getKv().getValue().toStringUtf8()).toList();
  }
}
