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
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads from other threads see whole revisions, with a header that matches the data they read.
 * Overlap is made by design, not hoped for from timing: the keys exist before the readers start,
 * and the writer keeps writing until every reader has checked {@link #READS_PER_READER} reads.
 */
class XodusMvccStoreConcurrencyTest {
  private static final int READERS = 2;
  private static final int READS_PER_READER = 200;
  /** A reader that cannot get this far has hung or died; its future reports why. */
  private static final int MAX_TXNS = 100_000;

  @TempDir Path dir;

  @Test
  void readsDuringAppliesSeeOneConsistentSnapshot() throws Exception {
    ExecutorService readers = Executors.newFixedThreadPool(READERS);
    try (StoreFixture fx = new StoreFixture(dir)) {
      writeBoth(fx, 0);
      AtomicBoolean writing = new AtomicBoolean(true);
      AtomicIntegerArray checked = new AtomicIntegerArray(READERS);
      List<Future<?>> reads = new ArrayList<>();
      for (int r = 0; r < READERS; r++) {
        int reader = r;
        reads.add(readers.submit(() -> {
          while (writing.get()) {
            RangeResponse both = fx.store.range(range("x", "z"));
            assertEquals(2, both.getCount());
            assertEquals(both.getKvs(0).getValue(), both.getKvs(1).getValue());
            assertEquals(both.getHeader().getRevision(), both.getKvs(1).getModRevision());
            checked.incrementAndGet(reader);
          }
          return null;
        }));
      }
      int txns = 1;
      while (!allReached(checked) && reads.stream().noneMatch(Future::isDone)) {
        assertTrue(txns < MAX_TXNS, "readers stopped making progress: " + checked);
        writeBoth(fx, txns++);
      }
      writing.set(false);
      for (Future<?> read : reads) {
        read.get(); // rethrows a reader's failed assertion
      }
    } finally {
      readers.shutdownNow();
    }
  }

  /** One txn that gives x and y the same new value: a reader must never see them differ. */
  private static void writeBoth(StoreFixture fx, int i) {
    fx.txn(TxnRequest.newBuilder()
        .addSuccess(RequestOp.newBuilder().setRequestPut(put("x", "v" + i)))
        .addSuccess(RequestOp.newBuilder().setRequestPut(put("y", "v" + i)))
        .build());
  }

  private static boolean allReached(AtomicIntegerArray checked) {
    for (int r = 0; r < checked.length(); r++) {
      if (checked.get(r) < READS_PER_READER) {
        return false;
      }
    }
    return true;
  }
}
