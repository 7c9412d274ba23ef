package io.vetcd.consensus.wal;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The valid records of one segment and what follows them. Decides, for the bytes after the last
 * valid record, between a clean end (nothing, or zeros from preallocation), a torn tail (the
 * unacknowledged last write of the last segment) and corruption (anything else).
 *
 * @param records the valid records in file order; the first is the segment's METADATA
 * @param validEnd the offset just after the last valid record: where appending resumes
 * @param tornTail whether non-zero bytes after {@code validEnd} must be discarded
 */
record SegmentScan(List<RecordFrame.Decoded> records, int validEnd, boolean tornTail) {

  static SegmentScan scan(Path file, ByteBuffer bytes, boolean lastSegment) {
    CRC32C crc = new CRC32C();
    List<RecordFrame.Decoded> records = new ArrayList<>();
    int offset = 0;
    RecordFrame.Decoded record;
    while ((record = RecordFrame.decodeAt(bytes, offset, crc)) != null) {
      records.add(record);
      offset = record.end();
    }
    requireHeaderFirst(file, records);
    boolean tornTail = !zerosFrom(bytes, offset);
    if (tornTail && (!lastSegment || RecordFrame.batchStartFollows(bytes, offset + 1, crc))) {
      String where = lastSegment ? "a later write follows it" : "it is not the last segment";
      throw new WalCorruptException(file, offset, "damaged record, and " + where);
    }
    return new SegmentScan(records, offset, tornTail);
  }

  /**
   * A segment's header was fsynced before the file got its name, so a named segment without a
   * valid header, or with a header record anywhere else, was damaged after the fact.
   */
  private static void requireHeaderFirst(Path file, List<RecordFrame.Decoded> records) {
    for (int i = 0; i < records.size(); i++) {
      boolean isHeader = records.get(i).type() == RecordType.METADATA;
      if (isHeader != (i == 0)) {
        throw new WalCorruptException(file, records.get(i).offset(), "misplaced segment header");
      }
    }
    if (records.isEmpty()) {
      throw new WalCorruptException(file, 0, "segment without a valid header");
    }
  }

  private static boolean zerosFrom(ByteBuffer bytes, int offset) {
    for (int i = offset; i < bytes.limit(); i++) {
      if (bytes.get(i) != 0) {
        return false;
      }
    }
    return true;
  }
}
