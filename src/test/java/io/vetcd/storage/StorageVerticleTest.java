package io.vetcd.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vetcd.bus.Addresses;
import io.vetcd.bus.AppliedBatch;
import io.vetcd.bus.ApplyBatch;
import io.vetcd.bus.Codecs;
import io.vetcd.bus.SyncedStore;
import io.vetcd.mvcc.CommittedEntry;
import io.vetcd.mvcc.xodus.XodusMvccStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The apply worker on a real Xodus store: batches that arrive while it is busy are applied
 * together, as one transaction, and a request sent after them sees them applied. Each batch's
 * reply carries the applied index after the transaction it went into, which shows how they were
 * grouped. The worker is kept busy by a task on its own one-thread pool ("vetcd-apply").
 *
 * <p>Shown able to fail: with each batch applied as its own transaction (the handler applying
 * at once), {@link #batchesThatArriveWhileItIsBusyGoTogether} gets the replies 1, 2, 3, 4; with
 * the sync not applying what waits first, {@link #aSyncSentAfterBatchesSeesThemApplied} gets 0.
 */
class StorageVerticleTest {
  @TempDir
  Path dir;

  private final Vertx vertx = Vertx.vertx();
  private XodusMvccStore store;
  private final CountDownLatch busy = new CountDownLatch(1);

  @BeforeEach
  void deploy() {
    store = new XodusMvccStore(dir.resolve("db"));
    Codecs.registerAll(vertx.eventBus());
    vertx.deployVerticle(new StorageVerticle(store), StorageVerticle.deployment()).await();
  }

  @AfterEach
  void close() {
    busy.countDown();
    vertx.close().await();
    store.close();
  }

  @Test
  void anIdleWorkerAppliesABatchAtOnce() {
    assertEquals(1, send(1).await().appliedIndex());
    assertEquals(2, send(2).await().appliedIndex());
  }

  @Test
  void batchesThatArriveWhileItIsBusyGoTogether() {
    holdTheWorker();
    List<Future<AppliedBatch>> replies = new ArrayList<>();
    for (long index = 1; index <= 4; index++) {
      replies.add(send(index));
    }
    busy.countDown();
    List<Long> applied = replies.stream().map(reply -> reply.await().appliedIndex()).toList();
    assertEquals(List.of(4L, 4L, 4L, 4L), applied, "one transaction for the four batches");
    assertEquals(4, store.appliedIndex());
  }

  @Test
  void aSyncSentAfterBatchesSeesThemApplied() {
    holdTheWorker();
    send(1);
    send(2);
    Future<SyncedStore> synced =
        vertx.eventBus().<SyncedStore>request(Addresses.STORAGE_SYNC, null).map(m -> m.body());
    busy.countDown();
    assertEquals(2, synced.await().appliedIndex());
  }

  /** Occupies the worker's one thread until {@link #busy} is released. */
  private void holdTheWorker() {
    WorkerExecutor applyThread = vertx.createSharedWorkerExecutor("vetcd-apply", 1);
    CountDownLatch running = new CountDownLatch(1);
    applyThread.executeBlocking(() -> {
      running.countDown();
      busy.await();
      return null;
    });
    try {
      running.await();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** One entry with no request at {@code index}: applying it only moves the applied index. */
  private Future<AppliedBatch> send(long index) {
    ApplyBatch batch = new ApplyBatch(List.of(new CommittedEntry(index, 1, null)), Map.of());
    return vertx.eventBus().<AppliedBatch>request(Addresses.STORAGE_APPLY, batch)
        .map(message -> message.body());
  }
}
