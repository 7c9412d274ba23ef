package io.vetcd.consensus.wal;

import static io.vetcd.consensus.wal.WalTest.assertEntries;
import static io.vetcd.consensus.wal.WalTest.entries;
import static io.vetcd.consensus.wal.WalTest.onlySegment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vetcd.raft.Entry;
import io.vetcd.raft.HardState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crash damage that recovery must repair, and damage it must refuse to hide. */
class WalRecoveryTest {
  private static final WalOptions OPTIONS =
      WalOptions.defaults().withSegmentSizeBytes(64 * 1024).withPreallocate(false);

  @TempDir Path dir;

  /** Saves entries 1..count one per call and returns the file offset where each save began. */
  private long[] saveOneByOne(int count) throws IOException {
    long[] starts = new long[count + 1];
    try (Wal wal = Wal.open(dir, OPTIONS)) {
      for (int i = 1; i <= count; i++) {
        starts[i] = Files.size(onlySegment(dir));
        wal.save(null, entries(1, i, i));
      }
    }
    return starts;
  }

  @Test
  void tornLastRecordIsCutAtEveryByteOffset() throws IOException {
    long[] starts = saveOneByOne(4);
    Path segment = onlySegment(dir);
    byte[] whole = Files.readAllBytes(segment);
    for (int cut = (int) starts[4]; cut < whole.length; cut++) {
      Files.write(segment, Arrays.copyOf(whole, cut));
      try (Wal wal = Wal.open(dir, OPTIONS)) {
        assertEntries(entries(1, 1, 3), wal.recovered().entries());
        wal.save(null, entries(2, 4, 4));
      }
      try (Wal wal = Wal.open(dir, OPTIONS)) {
        assertEntries(concat(entries(1, 1, 3), entries(2, 4, 4)), wal.recovered().entries());
      }
    }
  }

  @Test
  void lastRecordWithABadChecksumIsCutAtEveryByte() throws IOException {
    long[] starts = saveOneByOne(4);
    Path segment = onlySegment(dir);
    byte[] whole = Files.readAllBytes(segment);
    for (int i = (int) starts[4]; i < whole.length; i++) {
      byte[] damaged = whole.clone();
      damaged[i] ^= 0x10;
      Files.write(segment, damaged);
      try (Wal wal = Wal.open(dir, OPTIONS)) {
        assertEntries(entries(1, 1, 3), wal.recovered().entries());
      }
      assertEquals(starts[4], Files.size(segment), "torn bytes are cut off");
    }
  }

  @Test
  void zeroFilledTailIsIgnoredAndAppendingContinuesBeforeIt() throws IOException {
    saveOneByOne(3);
    Path segment = onlySegment(dir);
    Files.write(segment, new byte[8192], StandardOpenOption.APPEND);
    try (Wal wal = Wal.open(dir, OPTIONS)) {
      assertEntries(entries(1, 1, 3), wal.recovered().entries());
      wal.save(null, entries(1, 4, 4));
    }
    try (Wal wal = Wal.open(dir, OPTIONS)) {
      assertEntries(entries(1, 1, 4), wal.recovered().entries());
    }
  }

  @Test
  void lastRecordLostToZerosIsCut() throws IOException {
    long[] starts = saveOneByOne(4);
    Path segment = onlySegment(dir);
    byte[] bytes = Files.readAllBytes(segment);
    Arrays.fill(bytes, (int) starts[4], bytes.length, (byte) 0);
    Files.write(segment, bytes);
    try (Wal wal = Wal.open(dir, OPTIONS)) {
      assertEntries(entries(1, 1, 3), wal.recovered().entries());
    }
  }

  @Test
  void preallocatedSegmentRecoversAndContinues() {
    WalOptions preallocated = OPTIONS.withPreallocate(true);
    try (Wal wal = Wal.open(dir, preallocated)) {
      wal.save(new HardState(1, 1, 2), entries(1, 1, 2));
    }
    try (Wal wal = Wal.open(dir, preallocated)) {
      assertEntries(entries(1, 1, 2), wal.recovered().entries());
      wal.save(null, entries(1, 3, 3));
    }
    try (Wal wal = Wal.open(dir, preallocated)) {
      assertEntries(entries(1, 1, 3), wal.recovered().entries());
      assertEquals(new HardState(1, 1, 2), wal.recovered().hardState());
    }
  }

  @Test
  void tornTailInAPreallocatedSegmentIsZeroedAgain() throws IOException {
    WalOptions preallocated = OPTIONS.withPreallocate(true);
    long end;
    try (Wal wal = Wal.open(dir, preallocated)) {
      wal.save(null, entries(1, 1, 2));
      end = lastNonZeroOffset(Files.readAllBytes(onlySegment(dir))) + 1;
    }
    byte[] garbage = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, (byte) 0x88, 0x01, 0x02, 0x03};
    byte[] bytes = Files.readAllBytes(onlySegment(dir));
    System.arraycopy(garbage, 0, bytes, (int) end, garbage.length);
    Files.write(onlySegment(dir), bytes);
    try (Wal wal = Wal.open(dir, preallocated)) {
      assertEntries(entries(1, 1, 2), wal.recovered().entries());
    }
    byte[] repaired = Files.readAllBytes(onlySegment(dir));
    assertEquals(OPTIONS.segmentSizeBytes(), repaired.length);
    assertEquals(end - 1, lastNonZeroOffset(repaired));
  }

  private static int lastNonZeroOffset(byte[] bytes) {
    int last = bytes.length - 1;
    while (bytes[last] == 0) {
      last--;
    }
    return last;
  }

  @Test
  void damagedRecordFollowedByALaterSaveRefusesToOpen() throws IOException {
    long[] starts = saveOneByOne(3);
    Path segment = onlySegment(dir);
    flipByte(segment, starts[2] + RecordFrame.HEADER_BYTES + 1);
    WalCorruptException e = assertThrows(WalCorruptException.class, () -> Wal.open(dir, OPTIONS));
    assertEquals(segment, e.file());
    assertEquals(starts[2], e.offset());
    assertTrue(e.getMessage().contains(segment.getFileName().toString()), e.getMessage());
  }

  @Test
  void damagedRecordInsideTheLastSaveIsATornWrite() throws IOException {
    long start;
    try (Wal wal = Wal.open(dir, OPTIONS)) {
      wal.save(null, entries(1, 1, 2));
      start = Files.size(onlySegment(dir));
      wal.save(new HardState(1, 1, 7), entries(1, 3, 7));
    }
    // The disk may persist the pages of an unfinished write in any order: entry 5 is lost,
    // entries 6 and 7 and the hard state survived. None of it was acknowledged.
    long recordBytes = (Files.size(onlySegment(dir)) - start - hardStateRecordBytes()) / 5;
    flipByte(onlySegment(dir), start + 2 * recordBytes + RecordFrame.HEADER_BYTES);
    try (Wal wal = Wal.open(dir, OPTIONS)) {
      assertEntries(entries(1, 1, 4), wal.recovered().entries());
      assertEquals(HardState.EMPTY, wal.recovered().hardState());
    }
  }

  @Test
  void wholeRecordMissingFromTheMiddleRefusesToOpen() throws IOException {
    long[] starts = saveOneByOne(4);
    Path segment = onlySegment(dir);
    byte[] bytes = Files.readAllBytes(segment);
    byte[] withoutSecond = new byte[bytes.length - (int) (starts[3] - starts[2])];
    System.arraycopy(bytes, 0, withoutSecond, 0, (int) starts[2]);
    System.arraycopy(bytes, (int) starts[3], withoutSecond, (int) starts[2],
        bytes.length - (int) starts[3]);
    Files.write(segment, withoutSecond);
    WalCorruptException e = assertThrows(WalCorruptException.class, () -> Wal.open(dir, OPTIONS));
    assertEquals(starts[2], e.offset());
  }

  private static int hardStateRecordBytes() {
    return RecordFrame.HEADER_BYTES + 3;
  }

  private static void flipByte(Path file, long offset) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[(int) offset] ^= 0x01;
    Files.write(file, bytes);
  }

  private static List<Entry> concat(List<Entry> a, List<Entry> b) {
    List<Entry> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
