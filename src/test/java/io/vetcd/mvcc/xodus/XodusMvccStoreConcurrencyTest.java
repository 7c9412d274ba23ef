package io.vetcd.mvcc.xodus;

import static io.vetcd.mvcc.Requests.put;
import static io.vetcd.mvcc.Requests.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vetcd.proto.etcdserverpb.RangeResponse;
import io.vetcd.proto.etcdserverpb.RequestOp;
import io.vetcd.proto.etcdserverpb.TxnRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads from other threads see whole revisions, with a header that matches the data they read. */
class XodusMvccStoreConcurrencyTest {
  @TempDir Path dir;

  @Test
  void readsDuringAppliesSeeOneConsistentSnapshot() throws Exception {
    ExecutorService readers = Executors.newFixedThreadPool(2);
    try (StoreFixture fx = new StoreFixture(dir)) {
      AtomicBoolean writing = new AtomicBoolean(true);
      List<Future<Integer>> reads = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        reads.add(readers.submit(() -> {
          int checked = 0;
          while (writing.get()) {
            RangeResponse both = fx.store.range(range("x", "z"));
            if (both.getCount() == 0) {
              continue;
            }
            assertEquals(2, both.getCount());
            assertEquals(both.getKvs(0).getValue(), both.getKvs(1).getValue());
            assertEquals(both.getHeader().getRevision(), both.getKvs(1).getModRevision());
            checked++;
          }
          return checked;
        }));
      }
      for (int i = 0; i < 150; i++) {
        fx.txn(TxnRequest.newBuilder()
            .addSuccess(RequestOp.newBuilder().setRequestPut(put("x", "v" + i)))
            .addSuccess(RequestOp.newBuilder().setRequestPut(put("y", "v" + i)))
            .build());
      }
      writing.set(false);
      for (Future<Integer> read : reads) {
        assertTrue(read.get() > 0, "a reader never saw the keys");
      }
    } finally {
      readers.shutdownNow();
    }
  }
}
