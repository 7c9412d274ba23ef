package io.vetcd.consensus;

import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vetcd.bus.Addresses;
import io.vetcd.bus.SyncedStore;
import io.vetcd.consensus.wal.SnapshotMarker;
import io.vetcd.consensus.wal.Wal;
import io.vetcd.raft.RaftCore;
import io.vetcd.raft.StableLog;

/**
 * Keeps the Raft log bounded, as etcd's --snapshot-count does: every {@code snapshotCount}
 * applied entries the store is synced to disk (it is the snapshot: it holds the applied index),
 * the WAL records a snapshot marker and drops older segments, and the in-memory log drops all but
 * the last {@link #CATCH_UP_ENTRIES} entries, which stay for followers that lag a little.
 *
 * <p>Each step runs on the thread that owns what it touches: the store is synced by the apply
 * worker (between two batches); the WAL is written and the in-memory log trimmed by the Raft
 * driver's thread, which owns both.
 */
final class LogCompaction {
  /** etcd's SnapshotCatchUpEntries: entries kept after a snapshot for slow followers. */
  static final long CATCH_UP_ENTRIES = 5000;
  /** A store sync can take long on a big store; a timeout here would stop the member. */
  private static final DeliveryOptions SYNC = new DeliveryOptions().setSendTimeout(600_000);

  private final long snapshotCount;
  private final Wal wal;
  private final RaftCore core;
  private final StableLog log;
  private final Reconfiguration reconfiguration;
  private long snapshotIndex;
  /** The newest applied index told, so that a snapshot that ends can look at what came meanwhile. */
  private long appliedIndex;
  private boolean running;

  LogCompaction(long snapshotCount, Wal wal, RaftCore core, StableLog log,
      Reconfiguration reconfiguration) {
    this.snapshotCount = snapshotCount;
    this.wal = wal;
    this.core = core;
    this.log = log;
    this.reconfiguration = reconfiguration;
    this.snapshotIndex = log.snapshot().index();
  }

  /** A snapshot from the leader was installed at {@code index}: the next one counts from it. */
  void restored(long index) {
    snapshotIndex = Math.max(snapshotIndex, index);
  }

  /**
   * Starts a snapshot when enough entries were applied since the last one, and in between keeps
   * the in-memory log to the last {@link #CATCH_UP_ENTRIES} applied entries (plus those not yet
   * applied): older ones are in the WAL for a restart, and on the heap they would add up to
   * --snapshot-count entries. The WAL, not the memory, waits for the snapshot.
   */
  void maybeSnapshot(EventBus bus, long appliedIndex, Handler<Throwable> fatal) {
    this.appliedIndex = Math.max(this.appliedIndex, appliedIndex);
    if (running) {
      return; // the snapshot reads the term of its index from the in-memory log
    }
    if (this.appliedIndex - snapshotIndex < snapshotCount) {
      trimMemory(this.appliedIndex);
      return;
    }
    running = true;
    bus.<SyncedStore>request(Addresses.STORAGE_SYNC, null, SYNC)
        .map(synced -> markAndRelease(synced.body()))
        .onSuccess(syncedIndex -> {
          trimLog(syncedIndex);
          // entries applied while it ran may have crossed the next threshold already
          maybeSnapshot(bus, this.appliedIndex, fatal);
        })
        .onFailure(fatal);
  }

  /**
   * The store is durable up to {@code synced.appliedIndex()}: the WAL before it is no longer
   * needed. The marker keeps the membership at that index, which those entries built.
   */
  private long markAndRelease(SyncedStore synced) {
    long syncedIndex = synced.appliedIndex();
    if (syncedIndex <= log.snapshot().index() || syncedIndex <= wal.snapshotIndex()) {
      return syncedIndex; // a snapshot from the leader is further ahead
    }
    wal.saveSnapshotMarker(new SnapshotMarker(
        syncedIndex, log.term(syncedIndex), synced.membership().toByteArray()));
    wal.releaseBefore(releaseIndex(syncedIndex));
    return syncedIndex;
  }

  private void trimLog(long syncedIndex) {
    running = false;
    snapshotIndex = Math.max(snapshotIndex, syncedIndex);
    compactMemory(releaseIndex(syncedIndex));
  }

  /** Trims in steps of {@link #CATCH_UP_ENTRIES}: each trim copies the entries it keeps. */
  private void trimMemory(long appliedIndex) {
    long keepFrom = releaseIndex(appliedIndex);
    if (keepFrom - log.snapshot().index() >= CATCH_UP_ENTRIES) {
      compactMemory(keepFrom);
    }
  }

  private void compactMemory(long index) {
    if (index > log.snapshot().index()) {
      core.compact(index, new byte[0], reconfiguration.confStateAt(index));
      reconfiguration.forgetBefore(index);
    }
  }

  private static long releaseIndex(long syncedIndex) {
    return Math.max(0, syncedIndex - CATCH_UP_ENTRIES);
  }
}
