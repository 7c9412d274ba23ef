package io.vetcd.consensus.wal;

import static io.vetcd.consensus.wal.WalTest.assertEntries;
import static io.vetcd.consensus.wal.WalTest.entries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vetcd.raft.HardState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Segment roll, release of old segments, and damage that spans segments. */
class WalSegmentTest {
  private static final WalOptions OPTIONS =
      WalOptions.defaults().withSegmentSizeBytes(1024).withPreallocate(false);

  @TempDir Path dir;

  /** Writes entries 1..200, ~19 bytes each, four per save: about 4 segments. */
  private void writeAcrossSegments(Wal wal) {
    wal.save(new HardState(1, 1, 0), List.of());
    for (int i = 1; i <= 200; i += 4) {
      wal.save(null, entries(1, i, i + 3));
    }
  }

  @Test
  void segmentsRollAtTheSizeLimitAndAreNamedInLogOrder() throws IOException {
    try (Wal wal = Wal.open(dir, OPTIONS)) {
      writeAcrossSegments(wal);
    }
    List<SegmentName> names = SegmentFiles.list(dir);
    assertTrue(names.size() >= 3, "segments: " + names);
    for (int i = 0; i < names.size(); i++) {
      assertEquals(i, names.get(i).sequence());
      assertTrue(Files.size(dir.resolve(names.get(i).fileName())) < 2 * 1024);
    }
    List<String> fileNames = names.stream().map(SegmentName::fileName).toList();
    assertEquals(fileNames.stream().sorted().toList(), fileNames);
    try (Wal wal = Wal.open(dir, OPTIONS)) {
      assertEntries(entries(1, 1, 200), wal.recovered().entries());
      assertEquals(new HardState(1, 1, 0), wal.recovered().hardState());
    }
  }

  @Test
  void preallocatedSegmentsRollAndRecover() throws IOException {
    WalOptions preallocated = OPTIONS.withPreallocate(true);
    try (Wal wal = Wal.open(dir, preallocated)) {
      writeAcrossSegments(wal);
    }
    List<SegmentName> names = SegmentFiles.list(dir);
    assertTrue(names.size() >= 3, "segments: " + names);
    long size = Files.size(dir.resolve(names.get(1).fileName()));
    assertTrue(size >= 1024 && size < 1024 + 100, "preallocated, then overrun by one save: " + size);
    try (Wal wal = Wal.open(dir, preallocated)) {
      assertEntries(entries(1, 1, 200), wal.recovered().entries());
      wal.save(null, entries(1, 201, 260));
    }
    try (Wal wal = Wal.open(dir, preallocated)) {
      assertEntries(entries(1, 1, 260), wal.recovered().entries());
    }
  }

  @Test
  void releaseDeletesOnlySegmentsWhollyBeforeTheIndex() throws IOException {
    try (Wal wal = Wal.open(dir, OPTIONS)) {
      writeAcrossSegments(wal);
      wal.saveSnapshotMarker(150, 1);
      wal.releaseBefore(150);
    }
    List<SegmentName> left = SegmentFiles.list(dir);
    assertTrue(left.get(0).sequence() > 0, "something was released: " + left);
    assertTrue(left.get(0).firstIndex() <= 150, "entry 150 kept: " + left);
    assertTrue(left.size() == 1 || left.get(1).firstIndex() > 150, "released enough: " + left);
    try (Wal wal = Wal.open(dir, OPTIONS)) {
      assertEquals(new SnapshotMarker(150, 1), wal.recovered().snapshot());
      assertEntries(entries(1, 151, 200), wal.recovered().entries());
      // The hard state was saved in the first segment only; the later headers carried it over.
      assertEquals(new HardState(1, 1, 0), wal.recovered().hardState());
      wal.save(null, entries(1, 201, 201));
    }
    try (Wal wal = Wal.open(dir, OPTIONS)) {
      assertEntries(entries(1, 151, 201), wal.recovered().entries());
    }
  }

  @Test
  void releaseKeepsTheSegmentBeingWritten() throws IOException {
    try (Wal wal = Wal.open(dir, OPTIONS)) {
      writeAcrossSegments(wal);
      wal.saveSnapshotMarker(200, 1);
      wal.releaseBefore(201);
    }
    assertEquals(1, SegmentFiles.list(dir).size());
    try (Wal wal = Wal.open(dir, OPTIONS)) {
      assertEquals(List.of(), wal.recovered().entries());
      assertEquals(new SnapshotMarker(200, 1), wal.recovered().snapshot());
      wal.save(null, entries(1, 201, 201));
    }
  }

  @Test
  void releasePastTheSnapshotIsRefused() {
    try (Wal wal = Wal.open(dir, OPTIONS)) {
      writeAcrossSegments(wal);
      wal.saveSnapshotMarker(100, 1);
      assertThrows(IllegalArgumentException.class, () -> wal.releaseBefore(102));
    }
  }

  @Test
  void damagedTailOfAnEarlierSegmentRefusesToOpen() throws IOException {
    try (Wal wal = Wal.open(dir, OPTIONS)) {
      writeAcrossSegments(wal);
    }
    Path first = dir.resolve(SegmentFiles.list(dir).get(0).fileName());
    byte[] bytes = Files.readAllBytes(first);
    bytes[bytes.length - 1] ^= 0x01;
    Files.write(first, bytes);
    WalCorruptException e = assertThrows(WalCorruptException.class, () -> Wal.open(dir, OPTIONS));
    assertEquals(first, e.file());
  }

  @Test
  void missingSegmentInTheMiddleRefusesToOpen() throws IOException {
    try (Wal wal = Wal.open(dir, OPTIONS)) {
      writeAcrossSegments(wal);
    }
    Files.delete(dir.resolve(SegmentFiles.list(dir).get(1).fileName()));
    WalCorruptException e = assertThrows(WalCorruptException.class, () -> Wal.open(dir, OPTIONS));
    assertTrue(e.getMessage().contains("segment 1 is missing"), e.getMessage());
  }

  @Test
  void segmentWhoseCreationWasInterruptedIsDiscarded() throws IOException {
    try (Wal wal = Wal.open(dir, OPTIONS)) {
      wal.save(null, entries(1, 1, 3));
    }
    Files.write(dir.resolve(new SegmentName(1, 4).creatingFileName()), new byte[] {1, 2, 3});
    try (Wal wal = Wal.open(dir, OPTIONS)) {
      assertEntries(entries(1, 1, 3), wal.recovered().entries());
    }
    assertEquals(List.of(new SegmentName(0, 1)), SegmentFiles.list(dir));
  }
}
