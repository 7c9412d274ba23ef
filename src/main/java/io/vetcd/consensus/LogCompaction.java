package io.vetcd.consensus;

import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vetcd.consensus.wal.Wal;
import io.vetcd.mvcc.MvccStore;
import io.vetcd.raft.StableLog;
import io.vetcd.raft.RaftCore;

/**
 * Keeps the Raft log bounded, as etcd's --snapshot-count does: every {@code snapshotCount}
 * applied entries the store is synced to disk (it is the snapshot: it holds the applied index),
 * the WAL records a snapshot marker and drops older segments, and the in-memory log drops all but
 * the last {@link #CATCH_UP_ENTRIES} entries, which stay for followers that lag a little.
 */
final class LogCompaction {
  /** etcd's SnapshotCatchUpEntries: entries kept after a snapshot for slow followers. */
  static final long CATCH_UP_ENTRIES = 5000;

  private final long snapshotCount;
  private final MvccStore store;
  private final Wal wal;
  private final RaftCore core;
  private final StableLog storage;
  private long snapshotIndex;
  private boolean running;

  LogCompaction(long snapshotCount, MvccStore store, Wal wal, RaftCore core,
      StableLog storage) {
    this.snapshotCount = snapshotCount;
    this.store = store;
    this.wal = wal;
    this.core = core;
    this.storage = storage;
    this.snapshotIndex = storage.snapshot().index();
  }

  /**
   * Starts a snapshot when enough entries were applied since the last one. The disk work runs on
   * the WAL's own thread, after any WAL write queued before it.
   */
  void maybeSnapshot(WorkerExecutor walThread, long appliedIndex, Handler<Throwable> fatal) {
    if (running || appliedIndex - snapshotIndex < snapshotCount) {
      return;
    }
    running = true;
    long term = storage.term(appliedIndex);
    long releaseIndex = Math.max(0, appliedIndex - CATCH_UP_ENTRIES);
    walThread.<Void>executeBlocking(() -> {
          store.sync();
          wal.saveSnapshotMarker(appliedIndex, term);
          wal.releaseBefore(releaseIndex);
          return null;
        })
        .onSuccess(v -> {
          running = false;
          snapshotIndex = appliedIndex;
          if (releaseIndex > storage.snapshot().index()) {
            core.compact(releaseIndex, new byte[0], core.status().confState());
          }
        })
        .onFailure(fatal);
  }
}
