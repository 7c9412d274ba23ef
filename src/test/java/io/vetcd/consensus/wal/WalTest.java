package io.vetcd.consensus.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vetcd.raft.Entry;
import io.vetcd.raft.EntryType;
import io.vetcd.raft.HardState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalTest {
  private static final WalOptions SMALL =
      WalOptions.defaults().withSegmentSizeBytes(4096).withPreallocate(false);

  @TempDir Path dir;

  @Test
  void newWalRecoversNothingAndKeepsCreationMetadata() {
    byte[] metadata = "member=1,cluster=7".getBytes(StandardCharsets.UTF_8);
    try (Wal wal = Wal.open(dir, SMALL.withMetadata(metadata))) {
      assertEquals(List.of(), wal.recovered().entries());
    }
    try (Wal wal = Wal.open(dir, SMALL.withMetadata(new byte[] {9}))) {
      assertArrayEquals(metadata, wal.recovered().metadata());
      assertEquals(HardState.EMPTY, wal.recovered().hardState());
      assertEquals(SnapshotMarker.NONE, wal.recovered().snapshot());
    }
  }

  @Test
  void savedEntriesAndHardStateComeBack() {
    List<Entry> entries = List.of(entry(1, 1), entry(1, 2),
        new Entry(2, 3, EntryType.CONF_CHANGE, new byte[] {1, 2, 3}), new Entry(2, 4,
            EntryType.NORMAL, new byte[0]));
    try (Wal wal = Wal.open(dir, SMALL)) {
      wal.save(new HardState(2, 5, 3), entries);
    }
    try (Wal wal = Wal.open(dir, SMALL)) {
      assertEntries(entries, wal.recovered().entries());
      assertEquals(new HardState(2, 5, 3), wal.recovered().hardState());
    }
  }

  @Test
  void anUnsyncedCommitIndexIsWrittenInOrder() {
    try (Wal wal = Wal.open(dir, SMALL)) {
      wal.save(new HardState(1, 1, 0), List.of(entry(1, 1), entry(1, 2)));
      wal.save(new HardState(1, 1, 2), List.of(), false);
    }
    try (Wal wal = Wal.open(dir, SMALL)) {
      assertEquals(new HardState(1, 1, 2), wal.recovered().hardState());
      assertEquals(2, wal.recovered().entries().size());
    }
  }

  @Test
  void largestNumbersRoundTrip() {
    long max = Long.MAX_VALUE;
    try (Wal wal = Wal.open(dir, SMALL)) {
      wal.saveSnapshotMarker(max - 1, max);
      wal.save(new HardState(max, max, max), List.of(entry(max, max)));
    }
    try (Wal wal = Wal.open(dir, SMALL)) {
      assertEquals(new SnapshotMarker(max - 1, max), wal.recovered().snapshot());
      assertEquals(new HardState(max, max, max), wal.recovered().hardState());
      assertEntries(List.of(entry(max, max)), wal.recovered().entries());
    }
  }

  @Test
  void reopenedWalContinuesAppending() {
    try (Wal wal = Wal.open(dir, SMALL)) {
      wal.save(null, entries(1, 1, 3));
    }
    try (Wal wal = Wal.open(dir, SMALL)) {
      wal.save(null, entries(1, 4, 6));
    }
    try (Wal wal = Wal.open(dir, SMALL)) {
      assertEntries(entries(1, 1, 6), wal.recovered().entries());
    }
  }

  @Test
  void conflictingSuffixReplacesTheOldOneOnReplay() {
    try (Wal wal = Wal.open(dir, SMALL)) {
      wal.save(null, entries(1, 1, 5));
      wal.save(null, entries(2, 4, 6));
    }
    try (Wal wal = Wal.open(dir, SMALL)) {
      List<Entry> expected = new ArrayList<>(entries(1, 1, 3));
      expected.addAll(entries(2, 4, 6));
      assertEntries(expected, wal.recovered().entries());
    }
  }

  @Test
  void latestHardStateWins() {
    try (Wal wal = Wal.open(dir, SMALL)) {
      wal.save(new HardState(1, 1, 0), entries(1, 1, 2));
      wal.save(new HardState(2, 3, 2), List.of());
      wal.save(null, entries(2, 3, 3));
    }
    try (Wal wal = Wal.open(dir, SMALL)) {
      assertEquals(new HardState(2, 3, 2), wal.recovered().hardState());
    }
  }

  @Test
  void entriesCoveredBySnapshotAreNotRecovered() {
    try (Wal wal = Wal.open(dir, SMALL)) {
      wal.save(null, entries(1, 1, 10));
      wal.saveSnapshotMarker(7, 1);
      wal.save(null, entries(1, 11, 12));
    }
    try (Wal wal = Wal.open(dir, SMALL)) {
      assertEquals(new SnapshotMarker(7, 1), wal.recovered().snapshot());
      assertEntries(entries(1, 8, 12), wal.recovered().entries());
    }
  }

  @Test
  void snapshotAheadOfTheLogLetsTheLogContinueAfterIt() {
    try (Wal wal = Wal.open(dir, SMALL)) {
      wal.save(null, entries(1, 1, 3));
      wal.saveSnapshotMarker(100, 4);
      wal.save(null, entries(4, 101, 102));
    }
    try (Wal wal = Wal.open(dir, SMALL)) {
      assertEntries(entries(4, 101, 102), wal.recovered().entries());
    }
  }

  @Test
  void saveRefusesAGapOrAnEntryInsideTheSnapshot() {
    try (Wal wal = Wal.open(dir, SMALL)) {
      wal.save(null, entries(1, 1, 3));
      assertThrows(IllegalArgumentException.class, () -> wal.save(null, entries(1, 5, 5)));
      wal.saveSnapshotMarker(2, 1);
      assertThrows(IllegalArgumentException.class, () -> wal.save(null, entries(1, 2, 2)));
      assertThrows(IllegalArgumentException.class,
          () -> wal.save(null, List.of(entry(1, 4), entry(1, 6))));
    }
  }

  @Test
  void failedWriteMakesTheWalRefuseWritesUntilReopened() {
    try (Wal wal = Wal.open(dir, SMALL)) {
      wal.save(null, entries(1, 1, 2));
      Thread.currentThread().interrupt();
      try {
        assertThrows(UncheckedIOException.class, () -> wal.save(null, entries(1, 3, 3)));
      } finally {
        Thread.interrupted();
      }
      assertThrows(IllegalStateException.class, () -> wal.save(null, entries(1, 3, 3)));
    }
    try (Wal wal = Wal.open(dir, SMALL)) {
      assertEntries(entries(1, 1, 2), wal.recovered().entries());
      wal.save(null, entries(1, 3, 3));
    }
  }

  @Test
  void secondOpenOfTheSameDirectoryIsRefused() {
    try (Wal wal = Wal.open(dir, SMALL)) {
      assertThrows(IllegalStateException.class, () -> Wal.open(dir, SMALL));
    }
  }

  // --- helpers shared by the recovery tests ---

  static Entry entry(long term, long index) {
    return new Entry(term, index, EntryType.NORMAL, payload(index));
  }

  static byte[] payload(long index) {
    return ("value-" + index).getBytes(StandardCharsets.UTF_8);
  }

  static List<Entry> entries(long term, long fromIndex, long toIndex) {
    return LongStream.rangeClosed(fromIndex, toIndex).mapToObj(i -> entry(term, i)).toList();
  }

  /** Entry is a record over a byte array, so its equals compares array identity. */
  static void assertEntries(List<Entry> expected, List<Entry> actual) {
    assertEquals(describe(expected), describe(actual));
  }

  private static List<String> describe(List<Entry> entries) {
    return entries.stream().map(e -> e.term() + "/" + e.index() + "/" + e.type() + "/"
        + new String(e.data(), StandardCharsets.ISO_8859_1)).toList();
  }

  static Path onlySegment(Path dir) throws IOException {
    List<SegmentName> names = SegmentFiles.list(dir);
    assertEquals(1, names.size());
    return dir.resolve(names.get(0).fileName());
  }
}
