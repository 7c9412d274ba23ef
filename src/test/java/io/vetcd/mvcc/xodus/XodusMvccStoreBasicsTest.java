package io.vetcd.mvcc.xodus;

import static io.vetcd.mvcc.Requests.bytes;
import static io.vetcd.mvcc.Requests.delete;
import static io.vetcd.mvcc.Requests.get;
import static io.vetcd.mvcc.Requests.internal;
import static io.vetcd.mvcc.Requests.put;
import static io.vetcd.mvcc.Requests.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vetcd.mvcc.ApplyResult;
import io.vetcd.mvcc.CommittedEntry;
import io.vetcd.proto.etcdserverpb.PutResponse;
import io.vetcd.proto.etcdserverpb.RangeResponse;
import io.vetcd.proto.etcdserverpb.DeleteRangeResponse;
import io.vetcd.proto.mvccpb.KeyValue;
import io.vetcd.proto.vetcdpb.InternalRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XodusMvccStoreBasicsTest {
  @TempDir Path dir;
  XodusMvccStore store;
  long index;

  @BeforeEach
  void open() {
    store = new XodusMvccStore(dir);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private ApplyResult apply(InternalRequest request) {
    index++;
    return store.apply(List.of(new CommittedEntry(index, 1, request))).get(0);
  }

  @Test
  void newStoreIsAtRevisionOneWithNothingApplied() {
    assertEquals(1, store.currentRevision());
    assertEquals(0, store.compactedRevision());
    assertEquals(0, store.appliedIndex());
    RangeResponse empty = store.range(get("a"));
    assertEquals(0, empty.getCount());
    assertEquals(1, empty.getHeader().getRevision());
  }

  @Test
  void putThenGetKeepsCreateRevisionAndCountsVersions() {
    PutResponse first = (PutResponse) apply(internal(1, put("foo", "bar"))).response();
    assertEquals(2, first.getHeader().getRevision());
    apply(internal(2, put("foo", "baz")));
    KeyValue kv = store.range(get("foo")).getKvs(0);
    assertEquals(KeyValue.newBuilder().setKey(bytes("foo")).setValue(bytes("baz"))
        .setCreateRevision(2).setModRevision(3).setVersion(2).build(), kv);
    assertEquals(2, store.appliedIndex());
    assertEquals(3, store.currentRevision());
  }

  @Test
  void rangeAtOldRevisionSeesHistoryWithCurrentRevisionInHeader() {
    apply(internal(1, put("a", "1")));
    apply(internal(2, put("b", "2")));
    apply(internal(3, put("a", "3")));
    RangeResponse old = store.range(range("a", "c").toBuilder().setRevision(3).build());
    assertEquals(List.of("1", "2"), old.getKvsList().stream().map(kv -> kv.getValue().toStringUtf8()).toList());
    assertEquals(4, old.getHeader().getRevision());
  }

  @Test
  void deleteWritesTombstoneAndDeletingNothingKeepsTheRevision() {
    apply(internal(1, put("a", "1")));
    DeleteRangeResponse deleted = (DeleteRangeResponse) apply(internal(2, delete("a"))).response();
    assertEquals(1, deleted.getDeleted());
    assertEquals(3, deleted.getHeader().getRevision());
    assertEquals(0, store.range(get("a")).getCount());
    DeleteRangeResponse none = (DeleteRangeResponse) apply(internal(3, delete("a"))).response();
    assertEquals(0, none.getDeleted());
    assertEquals(3, none.getHeader().getRevision());
    assertEquals(3, store.currentRevision());
    PutResponse again = (PutResponse) apply(internal(4, put("a", "x"))).response();
    assertEquals(4, again.getHeader().getRevision());
    KeyValue kv = store.range(get("a")).getKvs(0);
    assertEquals(4, kv.getCreateRevision());
    assertEquals(1, kv.getVersion());
    assertTrue(store.sizeBytes() > 0);
  }
}
