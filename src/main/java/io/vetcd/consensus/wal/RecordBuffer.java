package io.vetcd.consensus.wal;

import io.vetcd.raft.Entry;
import io.vetcd.raft.HardState;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Encodes one batch of records into a reused direct buffer, so that a save is one write system
 * call without a copy, however many entries it holds.
 */
final class RecordBuffer {
  private static final int INITIAL_CAPACITY_BYTES = 64 * 1024;
  /** A batch larger than this gets a buffer of its own that is dropped after use. */
  private static final int RETAINED_CAPACITY_BYTES_MAX = 8 * 1024 * 1024;

  private final CRC32C crc = new CRC32C();
  private ByteBuffer retained = ByteBuffer.allocateDirect(INITIAL_CAPACITY_BYTES);
  private ByteBuffer current = retained;
  private boolean nextStartsBatch;

  static int recordBytesMax(int payloadBytesMax) {
    return RecordFrame.HEADER_BYTES + payloadBytesMax;
  }

  /** Starts a batch of at most {@code bytesMax} bytes; its first record is marked as the start. */
  void startBatch(long bytesMax) {
    if (bytesMax > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("batch too large for one write: " + bytesMax + " bytes");
    }
    if (bytesMax > retained.capacity()) {
      int capacity =
          (int) Math.max(bytesMax, Math.min(2L * retained.capacity(), RETAINED_CAPACITY_BYTES_MAX));
      current = ByteBuffer.allocateDirect(capacity);
      if (capacity <= RETAINED_CAPACITY_BYTES_MAX) {
        retained = current;
      }
    } else {
      current = retained;
    }
    current.clear();
    nextStartsBatch = true;
  }

  void appendEntry(Entry entry) {
    int start = begin();
    Payloads.putEntry(current, entry);
    end(start, RecordType.ENTRY);
  }

  void appendHardState(HardState state) {
    int start = begin();
    Payloads.putHardState(current, state);
    end(start, RecordType.HARD_STATE);
  }

  void appendSnapshot(SnapshotMarker marker) {
    int start = begin();
    Payloads.putSnapshot(current, marker);
    end(start, RecordType.SNAPSHOT);
  }

  void appendMetadata(Payloads.SegmentMetadata metadata) {
    int start = begin();
    Payloads.putMetadata(current, metadata);
    end(start, RecordType.METADATA);
  }

  /** The encoded batch, ready to be written. */
  ByteBuffer finishBatch() {
    return current.flip();
  }

  private int begin() {
    int start = current.position();
    current.position(start + RecordFrame.HEADER_BYTES);
    return start;
  }

  private void end(int start, RecordType type) {
    RecordFrame.seal(current, start, type, nextStartsBatch, crc);
    nextStartsBatch = false;
  }
}
