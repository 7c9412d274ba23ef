package io.vetcd.raft;

import java.util.List;

/**
 * The durable part of a member's log as the core sees it; the driver implements it over its WAL
 * (or uses {@link StableLog}). The core only reads, except for {@link #compact}, and only
 * asks for indexes in {@code [firstIndex() - 1, lastIndex()]}. It is the driver that appends the
 * entries, hard state and snapshots handed out in a {@link Ready}, before calling
 * {@link RaftCore#advance}.
 */
public interface RaftStorage {
  InitialState initialState();

  /** Entries in {@code [lo, hi)}, cut after {@code maxSizeBytes} but always at least one. */
  List<Entry> entries(long lo, long hi, long maxSizeBytes);

  /** The term of entry {@code index}; {@code firstIndex() - 1} answers the snapshot's term. */
  long term(long index);

  /** The first index still in the log: the latest snapshot's index + 1. */
  long firstIndex();

  long lastIndex();

  Snapshot snapshot();

  /**
   * Called by {@link RaftCore#compact}: {@code snapshot} is now the latest snapshot, and entries up
   * to its index may be dropped.
   */
  void compact(Snapshot snapshot);
}
