package io.vetcd.consensus;

import io.vetcd.consensus.wal.Recovered;
import io.vetcd.consensus.wal.SnapshotMarker;
import io.vetcd.consensus.wal.Wal;
import io.vetcd.raft.ConfState;
import io.vetcd.raft.HardState;
import io.vetcd.raft.StableLog;
import io.vetcd.raft.RaftConfig;
import io.vetcd.raft.RaftCore;
import io.vetcd.raft.Snapshot;
import java.security.SecureRandom;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Starts the Raft core of a member. A new member founds the cluster: its membership becomes the
 * first log entries, which are made durable in the WAL before anything else. A restarted member
 * rebuilds its log from what the WAL recovered.
 */
public record RaftBootstrap(RaftCore core, StableLog storage) {

  /**
   * @param voters the founding members; after a log compaction they are also the membership of
   *     the snapshot, since membership cannot change yet (the WAL marker holds no conf state)
   */
  public static RaftBootstrap start(long memberId, List<Long> voters, Wal wal, int electionTicks) {
    ConfState members = new ConfState(voters, List.of());
    Recovered recovered = wal.recovered();
    StableLog storage = isNew(recovered) ? found(members, wal) : restore(members, recovered);
    // Every committed entry after the snapshot is handed out again, as etcd does: the core
    // re-applies the conf changes among them, and the store skips what it already holds.
    RaftConfig config = RaftConfig.defaults(memberId, new SplittableRandom(new SecureRandom().nextLong()))
        .withTicks(electionTicks, 1)
        .withApplied(storage.snapshot().index());
    return new RaftBootstrap(new RaftCore(config, storage), storage);
  }

  private static boolean isNew(Recovered recovered) {
    return recovered.entries().isEmpty()
        && recovered.hardState().equals(HardState.EMPTY)
        && recovered.snapshot().equals(SnapshotMarker.NONE);
  }

  private static StableLog found(ConfState members, Wal wal) {
    StableLog storage = new StableLog(members);
    wal.save(storage.hardState(),
        storage.entries(storage.firstIndex(), storage.lastIndex() + 1, Long.MAX_VALUE));
    return storage;
  }

  private static StableLog restore(ConfState members, Recovered recovered) {
    StableLog storage = new StableLog();
    SnapshotMarker marker = recovered.snapshot();
    if (marker.index() > 0) {
      storage.applySnapshot(new Snapshot(marker.index(), marker.term(), members, new byte[0]));
    }
    storage.append(recovered.entries());
    storage.setHardState(recovered.hardState());
    return storage;
  }
}
