package io.vetcd.mvcc.xodus;

import static io.vetcd.mvcc.Requests.bytes;
import static io.vetcd.mvcc.Requests.compaction;
import static io.vetcd.mvcc.Requests.delete;
import static io.vetcd.mvcc.Requests.get;
import static io.vetcd.mvcc.Requests.internal;
import static io.vetcd.mvcc.Requests.put;
import static io.vetcd.mvcc.Requests.range;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vetcd.errors.EtcdError;
import io.vetcd.errors.EtcdException;
import io.vetcd.mvcc.ApplyResult;
import io.vetcd.mvcc.CommittedEntry;
import io.vetcd.proto.etcdserverpb.PutResponse;
import io.vetcd.proto.etcdserverpb.RangeRequest;
import io.vetcd.proto.etcdserverpb.RangeResponse;
import io.vetcd.proto.etcdserverpb.RequestOp;
import io.vetcd.proto.etcdserverpb.TxnRequest;
import io.vetcd.proto.mvccpb.Event;
import io.vetcd.proto.mvccpb.KeyValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Applied index, revisions and compaction across reopen, replay and bounded compaction steps. */
class XodusMvccStoreDurabilityTest {
  @TempDir Path dir;

  @Test
  void everythingAppliedSurvivesReopen() {
    try (StoreFixture fx = new StoreFixture(dir)) {
      fx.put(put("a", "1"));
      fx.put(put("b", "2"));
      fx.delete(delete("a"));
      fx.apply(compaction(0, 3).toBuilder());
      RangeResponse before = fx.store.range(range("a", "z").toBuilder().setRevision(3).build());
      fx.reopen();
      assertEquals(4, fx.store.appliedIndex());
      assertEquals(4, fx.store.currentRevision());
      assertEquals(3, fx.store.compactedRevision());
      assertEquals(before, fx.store.range(range("a", "z").toBuilder().setRevision(3).build()));
      assertEquals(List.of(), fx.store.range(get("a")).getKvsList());
      PutResponse next = fx.put(put("c", "3"));
      assertEquals(5, next.getHeader().getRevision());
    }
  }

  @Test
  void entriesAtOrBelowTheAppliedIndexAreSkipped() {
    try (XodusMvccStore store = new XodusMvccStore(dir)) {
      List<CommittedEntry> first = List.of(
          new CommittedEntry(1, 1, internal(11, put("a", "1"))),
          new CommittedEntry(2, 1, null),
          new CommittedEntry(3, 1, internal(13, put("a", "2"))));
      assertEquals(2, store.apply(first).size());
      assertEquals(3, store.appliedIndex());
      assertEquals(List.of(), store.apply(first));
      List<ApplyResult> overlapping = store.apply(List.of(
          new CommittedEntry(3, 1, internal(13, put("a", "2"))),
          new CommittedEntry(4, 1, internal(14, put("a", "3")))));
      assertEquals(List.of(14L), overlapping.stream().map(ApplyResult::requestId).toList());
      assertEquals(4, store.currentRevision());
      assertEquals(3, store.range(get("a")).getKvs(0).getVersion());
    }
  }

  @Test
  void entriesWithoutRequestsStillAdvanceTheAppliedIndexAcrossReopen() {
    try (StoreFixture fx = new StoreFixture(dir)) {
      fx.store.apply(List.of(new CommittedEntry(1, 2, null), new CommittedEntry(2, 2, null)));
      fx.reopen();
      assertEquals(2, fx.store.appliedIndex());
      assertEquals(1, fx.store.currentRevision());
    }
  }

  @Test
  void compactionKeepsHistoryFromItsRevisionAndRemovesTheRestInBoundedSteps() {
    try (StoreFixture fx = new StoreFixture(dir)) {
      for (int round = 0; round < 3; round++) {
        for (int key = 0; key < 20; key++) {
          fx.put(put("k" + key, "r" + round));
        }
      }
      fx.delete(delete("k0"));
      fx.put(put("k1", "after"));
      long compactAt = 45; // inside round two: keys k3.. have a version from round two
      List<RangeResponse> history = new ArrayList<>();
      for (long revision = compactAt; revision <= fx.store.currentRevision(); revision++) {
        history.add(fx.store.range(range("k", "l").toBuilder().setRevision(revision).build()));
      }
      assertEquals(63, fx.store.currentRevision());
      fx.apply(compaction(0, compactAt).toBuilder());

      RangeRequest belowCompaction = range("k", "l").toBuilder().setRevision(compactAt - 1).build();
      assertEquals(EtcdError.COMPACTED,
          assertThrows(EtcdException.class, () -> fx.store.range(belowCompaction)).error());
      long[] counts = fx.store.storedEntryCounts();
      assertArrayEquals(new long[] {62, 62}, counts);
      int steps = 0;
      boolean more = true;
      while (more) {
        more = fx.store.compactStep(5);
        long[] after = fx.store.storedEntryCounts();
        assertTrue(counts[0] - after[0] <= 5, "a step removed more than its bound");
        counts = after;
        steps++;
      }
      // Of the 44 versions at or below 45 (revisions 2..45), each key keeps its newest: k0..k3
      // from round three, k4..k19 from round two. The 18 later versions stay.
      assertEquals(20 + 18, counts[0]);
      assertEquals(counts[0], counts[1]);
      assertEquals(9, steps); // 44 log entries at or below 45, 5 per step
      assertFalse(fx.store.compactStep(5));
      for (long revision = compactAt; revision <= fx.store.currentRevision(); revision++) {
        assertEquals(history.get((int) (revision - compactAt)),
            fx.store.range(range("k", "l").toBuilder().setRevision(revision).build()));
      }
      fx.reopen();
      assertFalse(fx.store.compactStep(5));
      assertEquals(19, fx.store.range(range("k", "l")).getCount());
    }
  }

  @Test
  void changesReadTheLogAsWatchEvents() {
    try (StoreFixture fx = new StoreFixture(dir)) {
      fx.put(put("a", "1"));
      fx.put(put("b", "2"));
      fx.txn(TxnRequest.newBuilder()
          .addSuccess(RequestOp.newBuilder().setRequestPut(put("c", "3")))
          .addSuccess(RequestOp.newBuilder().setRequestDeleteRange(delete("a")))
          .build());
      List<Event> events = fx.store.changes(2, 4, 10);
      assertEquals(List.of(
          putEvent("a", "1", 2, 2, 1), putEvent("b", "2", 3, 3, 1), putEvent("c", "3", 4, 4, 1),
          Event.newBuilder().setType(Event.EventType.DELETE)
              .setKv(KeyValue.newBuilder().setKey(bytes("a")).setModRevision(4)).build()),
          events);
      assertEquals(events.subList(2, 3), fx.store.changes(4, 4, 1));
      assertEquals(List.of(), fx.store.changes(5, 9, 10));
      fx.apply(compaction(0, 4).toBuilder());
      assertEquals(EtcdError.COMPACTED,
          assertThrows(EtcdException.class, () -> fx.store.changes(3, 4, 10)).error());
      while (fx.store.compactStep(10)) {
        // drain
      }
      // The delete at the compacted revision goes with the history it ended, as in etcd; b's
      // only version stays but is below the compacted revision.
      assertEquals(List.of(putEvent("c", "3", 4, 4, 1)), fx.store.changes(4, 4, 10));
      assertArrayEquals(new long[] {2, 2}, fx.store.storedEntryCounts());
    }
  }

  private static Event putEvent(String key, String value, long create, long mod, long version) {
    return Event.newBuilder().setType(Event.EventType.PUT).setKv(KeyValue.newBuilder()
        .setKey(bytes(key)).setValue(bytes(value)).setCreateRevision(create)
        .setModRevision(mod).setVersion(version)).build();
  }

  @Test
  void compactionInterruptedByReopenResumesWhereItStopped() {
    try (StoreFixture fx = new StoreFixture(dir)) {
      for (int i = 0; i < 30; i++) {
        fx.put(put("k", "v" + i));
      }
      fx.apply(compaction(0, 31).toBuilder());
      assertTrue(fx.store.compactStep(10));
      fx.reopen();
      assertArrayEquals(new long[] {20, 20}, fx.store.storedEntryCounts());
      while (fx.store.compactStep(10)) {
        assertEquals("v29", fx.store.range(get("k")).getKvs(0).getValue().toStringUtf8());
      }
      assertArrayEquals(new long[] {1, 1}, fx.store.storedEntryCounts());
      assertEquals(30, fx.store.range(get("k").toBuilder().setRevision(31).build()).getKvs(0).getVersion());
    }
  }
}
