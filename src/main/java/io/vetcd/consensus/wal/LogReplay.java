package io.vetcd.consensus.wal;

import io.vetcd.raft.Entry;
import io.vetcd.raft.HardState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds the log from the records of every segment, in order, following the same rules the
 * writer enforced: an entry may replace a suffix (Raft's conflict truncation) but never leave a
 * gap, and a snapshot marker drops the entries it covers. A record that breaks a rule the writer
 * enforces can only come from damage, so it is reported as corruption.
 */
final class LogReplay {
  private final List<Entry> entries = new ArrayList<>();
  private SegmentName previousSegment;
  private byte[] memberMetadata = new byte[0];
  private HardState hardState = HardState.EMPTY;
  private SnapshotMarker snapshot = SnapshotMarker.NONE;
  /** The last index of the log: the last entry's, or the snapshot's if it is further ahead. */
  private long lastIndex;

  void replaySegment(Path file, SegmentName name, SegmentScan scan) {
    for (RecordFrame.Decoded record : scan.records()) {
      try {
        replayRecord(file, name, record);
      } catch (MalformedPayloadException e) {
        throw new WalCorruptException(file, record.offset(), e.getMessage());
      }
    }
    previousSegment = name;
  }

  private void replayRecord(Path file, SegmentName name, RecordFrame.Decoded record) {
    switch (record.type()) {
      case METADATA -> startSegment(file, name, Payloads.getMetadata(record.payload()));
      case ENTRY -> appendEntry(file, record.offset(), Payloads.getEntry(record.payload()));
      case HARD_STATE -> hardState = Payloads.getHardState(record.payload());
      case SNAPSHOT -> markSnapshot(file, record.offset(), Payloads.getSnapshot(record.payload()));
    }
  }

  private void startSegment(Path file, SegmentName name, Payloads.SegmentMetadata header) {
    if (header.sequence() != name.sequence() || header.firstIndex() != name.firstIndex()) {
      throw new WalCorruptException(file, 0, "header " + header + " does not match file name");
    }
    if (previousSegment == null) {
      // Segments before this one may have been released; the log continues from here.
      lastIndex = name.firstIndex() - 1;
    } else if (name.sequence() != previousSegment.sequence() + 1) {
      throw new WalCorruptException(file, 0, "segment " + (previousSegment.sequence() + 1)
          + " is missing");
    } else if (name.firstIndex() != lastIndex + 1) {
      throw new WalCorruptException(file, 0, "segment starts at index " + name.firstIndex()
          + " but the log before it ends at " + lastIndex);
    }
    memberMetadata = header.memberMetadata();
  }

  private void appendEntry(Path file, long offset, Entry entry) {
    if (entry.index() <= snapshot.index() || entry.index() > lastIndex + 1) {
      throw new WalCorruptException(file, offset, "entry " + entry.index()
          + " outside (" + snapshot.index() + ", " + (lastIndex + 1) + "]");
    }
    truncateFrom(entry.index());
    entries.add(entry);
    lastIndex = entry.index();
  }

  private void markSnapshot(Path file, long offset, SnapshotMarker marker) {
    if (marker.index() < snapshot.index()) {
      throw new WalCorruptException(file, offset, "snapshot marker " + marker.index()
          + " older than " + snapshot.index());
    }
    snapshot = marker;
    entries.removeIf(e -> e.index() <= marker.index());
    lastIndex = Math.max(lastIndex, marker.index());
  }

  /** Drops the entries at {@code index} and after, as Raft does when a new leader overwrites. */
  private void truncateFrom(long index) {
    while (!entries.isEmpty() && entries.get(entries.size() - 1).index() >= index) {
      entries.remove(entries.size() - 1);
    }
  }

  long lastIndex() {
    return lastIndex;
  }

  Recovered result() {
    return new Recovered(memberMetadata, hardState, snapshot, entries);
  }
}
