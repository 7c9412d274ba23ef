package io.vetcd.consensus.wal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The frame around every record:
 *
 * <pre>
 *   crc32c (4 bytes) | payload length (4) | kind (1) | payload
 * </pre>
 *
 * <p>The CRC covers the length, the kind and the payload, and is not chained to the previous
 * record (etcd chains it). A record that checks out on its own lets recovery look past a damaged
 * record for valid ones, which is how it tells a torn tail from a damaged middle. What chaining
 * would add (noticing a lost or reordered record) comes from elsewhere: each segment names its
 * sequence number and first index, and replay refuses an entry index gap.
 *
 * <p>The high bit of the kind byte marks the first record of each write (one {@code save} call,
 * one fsync). A write starts only after the previous one was fsynced, so a valid batch start
 * found after a damaged record proves the damaged record had been fsynced: that is corruption,
 * not a torn write. Records of the torn last batch itself may survive out of order (the disk
 * persists pages in any order before the fsync returns) and do not count.
 */
final class RecordFrame {
  static final int HEADER_BYTES = 9;
  private static final int LENGTH_OFFSET = 4;
  private static final int KIND_OFFSET = 8;
  private static final int BATCH_START_BIT = 0x80;

  private RecordFrame() {}

  /** A valid record in a segment; {@code payload} is a read-only view of its payload bytes. */
  record Decoded(RecordType type, boolean batchStart, ByteBuffer payload, int offset, int end) {}

  /**
   * Fills in the header of the record whose payload was written after {@code start}, ending at
   * the buffer's position.
   */
  static void seal(ByteBuffer buffer, int start, RecordType type, boolean batchStart, CRC32C crc) {
    int end = buffer.position();
    buffer.putInt(start + LENGTH_OFFSET, end - start - HEADER_BYTES);
    buffer.put(start + KIND_OFFSET, (byte) (type.number | (batchStart ? BATCH_START_BIT : 0)));
    buffer.putInt(start, checksum(buffer, start, end, crc));
  }

  /** The record at {@code offset}, or null if the bytes there are not a whole, valid record. */
  static Decoded decodeAt(ByteBuffer segment, int offset, CRC32C crc) {
    if (segment.limit() - offset < HEADER_BYTES) {
      return null;
    }
    int kind = segment.get(offset + KIND_OFFSET) & 0xFF;
    RecordType type = RecordType.ofNumber(kind & ~BATCH_START_BIT);
    int length = segment.getInt(offset + LENGTH_OFFSET);
    if (type == null || length < 0 || length > segment.limit() - offset - HEADER_BYTES) {
      return null;
    }
    int end = offset + HEADER_BYTES + length;
    if (segment.getInt(offset) != checksum(segment, offset, end, crc)) {
      return null;
    }
    ByteBuffer payload = segment.slice(offset + HEADER_BYTES, length).asReadOnlyBuffer();
    return new Decoded(type, (kind & BATCH_START_BIT) != 0, payload, offset, end);
  }

  /** Whether a valid batch-start record begins anywhere in [from, limit). */
  static boolean batchStartFollows(ByteBuffer segment, int from, CRC32C crc) {
    for (int offset = from; offset <= segment.limit() - HEADER_BYTES; offset++) {
      // Cheap filter first: most offsets fail on the kind byte without a CRC computation.
      if ((segment.get(offset + KIND_OFFSET) & BATCH_START_BIT) != 0) {
        Decoded record = decodeAt(segment, offset, crc);
        if (record != null && record.batchStart()) {
          return true;
        }
      }
    }
    return false;
  }

  private static int checksum(ByteBuffer buffer, int start, int end, CRC32C crc) {
    crc.reset();
    crc.update(buffer.slice(start + LENGTH_OFFSET, end - start - LENGTH_OFFSET));
    return (int) crc.getValue();
  }
}
