package io.vetcd.consensus.wal;

import io.vetcd.raft.Entry;
import io.vetcd.raft.HardState;
import java.util.List;

/**
 * What the WAL held when it was opened.
 *
 * @param metadata the bytes given when the WAL was created
 * @param hardState the last hard state saved, or {@link HardState#EMPTY}
 * @param snapshot the last snapshot marker saved, or {@link SnapshotMarker#NONE}
 * @param entries the entries after the snapshot, in index order, after replaying conflicting
 *     suffixes the way Raft truncates its log (a later entry at index i replaces i and above)
 */
public record Recovered(
    byte[] metadata, HardState hardState, SnapshotMarker snapshot, List<Entry> entries) {
  public Recovered {
    metadata = metadata.clone();
    entries = List.copyOf(entries);
  }

  @Override
  public byte[] metadata() {
    return metadata.clone();
  }

  /** The index of the last entry, or the snapshot's index when no entry follows it. */
  public long lastIndex() {
    return entries.isEmpty() ? snapshot.index() : entries.get(entries.size() - 1).index();
  }
}
