package io.vetcd.consensus;

import io.vetcd.consensus.wal.Recovered;
import io.vetcd.raft.ConfState;
import io.vetcd.raft.MemoryRaftStorage;
import io.vetcd.raft.RaftConfig;
import io.vetcd.raft.RaftCore;
import io.vetcd.raft.Snapshot;
import java.security.SecureRandom;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Rebuilds the Raft core from what the WAL recovered: the last hard state, the snapshot marker
 * and the entries after it. The store's applied index tells the core which committed entries the
 * state machine already holds, so only the rest are handed out again.
 */
public record RaftBootstrap(RaftCore core, MemoryRaftStorage storage) {

  public static RaftBootstrap restore(long memberId, List<Long> voters, Recovered recovered,
      long storeAppliedIndex, int electionTicks) {
    ConfState members = new ConfState(voters, List.of());
    MemoryRaftStorage storage = new MemoryRaftStorage(members);
    if (recovered.snapshot().index() > 0) {
      storage.applySnapshot(new Snapshot(
          recovered.snapshot().index(), recovered.snapshot().term(), members, new byte[0]));
    }
    storage.append(recovered.entries());
    storage.setHardState(recovered.hardState());
    long applied = Math.min(storeAppliedIndex, recovered.hardState().commit());
    RaftConfig config = RaftConfig.defaults(memberId, new SplittableRandom(new SecureRandom().nextLong()))
        .withTicks(electionTicks, 1)
        .withApplied(Math.max(applied, recovered.snapshot().index()));
    return new RaftBootstrap(new RaftCore(config, storage), storage);
  }
}
