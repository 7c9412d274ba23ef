package io.vetcd.raft.bench;

import io.vetcd.raft.ConfChange;
import io.vetcd.raft.ConfState;
import io.vetcd.raft.Entry;
import io.vetcd.raft.EntryType;
import io.vetcd.raft.StableLog;
import io.vetcd.raft.Message;
import io.vetcd.raft.RaftConfig;
import io.vetcd.raft.RaftCore;
import io.vetcd.raft.Ready;
import io.vetcd.raft.Role;
import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * Cores wired together in memory with no I/O and no encoding: what is left to measure is the
 * core itself (plus StableLog). Compacts every member's log now and then so that a long
 * benchmark does not just measure a growing heap.
 */
final class InMemoryCluster {
  private static final int COMPACT_EVERY_ENTRIES = 10_000;

  private final RaftCore[] cores;
  private final StableLog[] storages;
  private final long[] applied;
  private final ArrayDeque<Message> network = new ArrayDeque<>();
  private final ConfState confState;

  InMemoryCluster(int size) {
    long[] ids = new long[size];
    for (int i = 0; i < size; i++) {
      ids[i] = i + 1;
    }
    confState = ConfState.ofVoters(ids);
    cores = new RaftCore[size];
    storages = new StableLog[size];
    applied = new long[size];
    for (int i = 0; i < size; i++) {
      storages[i] = new StableLog(confState);
      cores[i] = new RaftCore(RaftConfig.defaults(ids[i], new SplittableRandom(i)), storages[i]);
    }
    cores[0].campaign();
    settle();
    if (cores[0].status().role() != Role.LEADER) {
      throw new IllegalStateException("member 1 did not become leader");
    }
  }

  RaftCore leader() {
    return cores[0];
  }

  /** Runs Readies and delivers messages until nothing is left to do. */
  void settle() {
    boolean moved = true;
    while (moved) {
      moved = false;
      for (int i = 0; i < cores.length; i++) {
        while (cores[i].hasReady()) {
          handle(i, cores[i].ready());
          moved = true;
        }
      }
      while (!network.isEmpty()) {
        Message m = network.pollFirst();
        cores[(int) m.to() - 1].step(m);
        moved = true;
      }
    }
  }

  private void handle(int i, Ready rd) {
    if (rd.snapshot() != null) {
      storages[i].applySnapshot(rd.snapshot());
    }
    storages[i].append(rd.entries());
    if (rd.hardState() != null) {
      storages[i].setHardState(rd.hardState());
    }
    network.addAll(rd.messages());
    for (Entry e : rd.committedEntries()) {
      if (e.type() == EntryType.CONF_CHANGE) {
        cores[i].applyConfChange(ConfChange.fromBytes(e.data()));
      }
      applied[i] = e.index();
    }
    cores[i].advance(rd);
    if (applied[i] - (storages[i].firstIndex() - 1) >= COMPACT_EVERY_ENTRIES) {
      cores[i].compact(applied[i], new byte[0], confState);
    }
  }
}
