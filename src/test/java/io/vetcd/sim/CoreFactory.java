package io.vetcd.sim;

import io.vetcd.raft.RaftConfig;
import io.vetcd.raft.RaftCore;
import io.vetcd.raft.RaftStorage;

/** Builds the core under test; broken variants plug in here. */
@FunctionalInterface
public interface CoreFactory {
  CoreFactory CORRECT = RaftCore::new;

  RaftCore create(RaftConfig config, RaftStorage storage);
}
