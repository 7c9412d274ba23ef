package io.vetcd.consensus;

import io.vetcd.raft.Entry;
import java.util.List;

/**
 * Named points in the driver's write path where a test may stop the driver's thread to take a
 * crash image of the disk, as etcd's failpoints ({@code raftBeforeSave}, {@code raftAfterSave})
 * do. Production uses {@link #NONE}; both points run on the driver's thread, which writes the
 * WAL, so blocking there holds back exactly what a crash at that moment would lose.
 */
interface FaultPoints {
  FaultPoints NONE = new FaultPoints() {};

  /** The WAL is about to write (and fsync) {@code entries}. */
  default void beforeSave(List<Entry> entries) {}

  /** {@code entries} are written and fsynced; the driver has not yet seen it. */
  default void afterSave(List<Entry> entries) {}
}
