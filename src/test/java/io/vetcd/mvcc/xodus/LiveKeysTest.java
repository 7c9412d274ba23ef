package io.vetcd.mvcc.xodus;

import static io.vetcd.mvcc.Requests.delete;
import static io.vetcd.mvcc.Requests.internal;
import static io.vetcd.mvcc.Requests.put;
import static io.vetcd.mvcc.Requests.range;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vetcd.mvcc.CommittedEntry;
import io.vetcd.proto.etcdserverpb.RangeRequest;
import io.vetcd.proto.vetcdpb.InternalRequest;
import java.nio.file.Path;
import java.util.List;
import jetbrains.exodus.env.Environment;
import jetbrains.exodus.env.EnvironmentConfig;
import jetbrains.exodus.env.Environments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Counts at the current revision come from the live-key store, which must follow every change. */
class LiveKeysTest {
  @TempDir Path dir;
  private long index;

  @Test
  void countsFollowCreatesDeletesAndRecreates() {
    XodusMvccStore store = new XodusMvccStore(dir);
    try {
      writeHistory(store);
      assertCounts(store);
    } finally {
      store.close();
    }
  }

  @Test
  void aStoreWithoutLiveKeysGetsThemFromItsHistory() {
    XodusMvccStore store = new XodusMvccStore(dir);
    writeHistory(store);
    store.close();
    Environment env = Environments.newInstance(dir.toFile(), new EnvironmentConfig());
    env.executeInExclusiveTransaction(txn -> env.removeStore("live", txn));
    env.close();
    store = new XodusMvccStore(dir);
    try {
      assertCounts(store);
    } finally {
      store.close();
    }
  }

  /** Leaves a, c, d\0 and e live; b deleted; c deleted and put again; e with three versions. */
  private void writeHistory(XodusMvccStore store) {
    for (String key : List.of("a", "b", "c", "d\0", "e", "e", "e")) {
      apply(store, internal(index + 1, put(key, "v")));
    }
    apply(store, internal(index + 1, delete("b")));
    apply(store, internal(index + 1, delete("c")));
    apply(store, internal(index + 1, put("c", "again")));
  }

  private static void assertCounts(XodusMvccStore store) {
    assertEquals(4, count(store, range("a", "f")));
    assertEquals(4, count(store, range("a", "f").toBuilder().setLimit(1).build()));
    assertEquals(2, count(store, range("b", "d\1")));
    assertEquals(4, count(store, range("\0", "\0")), "from-key over everything");
    assertEquals(0, count(store, range("b", "")));
    assertEquals(1, count(store, range("c", "")));
    // At an older revision the count walks the history: b and c were live then.
    assertEquals(5, count(store, range("a", "f").toBuilder().setRevision(8).build()));
  }

  private static long count(XodusMvccStore store, RangeRequest request) {
    return store.range(request).getCount();
  }

  private void apply(XodusMvccStore store, InternalRequest request) {
    index++;
    store.apply(List.of(new CommittedEntry(index, 1, request)));
  }
}
