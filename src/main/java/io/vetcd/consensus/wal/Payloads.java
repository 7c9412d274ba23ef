package io.vetcd.consensus.wal;

import io.vetcd.raft.Entry;
import io.vetcd.raft.EntryType;
import io.vetcd.raft.HardState;
import java.nio.ByteBuffer;

/**
 * The payload of each record type, written into and read from the bytes after the frame header.
 * Numbers are varints; an entry's data is the rest of its payload, so it needs no length.
 */
final class Payloads {
  private static final int FORMAT_VERSION = 1;

  private static final byte[] NO_DATA = new byte[0];

  private Payloads() {}

  /** What the first record of a segment says about it. */
  record SegmentMetadata(long sequence, long firstIndex, byte[] memberMetadata) {}

  static int entryBytesMax(Entry entry) {
    return 2 * Varint.MAX_BYTES + 1 + dataOf(entry).length;
  }

  /** The core leaves an empty entry's data null (a leader's first entry); it is stored empty. */
  private static byte[] dataOf(Entry entry) {
    return entry.data() == null ? NO_DATA : entry.data();
  }

  static void putEntry(ByteBuffer out, Entry entry) {
    Varint.put(out, entry.term());
    Varint.put(out, entry.index());
    out.put((byte) entry.type().number);
    out.put(dataOf(entry));
  }

  static Entry getEntry(ByteBuffer in) {
    long term = Varint.get(in);
    long index = Varint.get(in);
    if (!in.hasRemaining()) {
      throw new MalformedPayloadException("entry without a type");
    }
    EntryType type;
    try {
      type = EntryType.of(in.get());
    } catch (IllegalArgumentException e) {
      throw new MalformedPayloadException(e.getMessage());
    }
    byte[] data = new byte[in.remaining()];
    in.get(data);
    return newEntry(term, index, type, data);
  }

  private static Entry newEntry(long term, long index, EntryType type, byte[] data) {
    try {
      return new Entry(term, index, type, data);
    } catch (IllegalArgumentException e) {
      throw new MalformedPayloadException(e.getMessage());
    }
  }

  static final int HARD_STATE_BYTES_MAX = 3 * Varint.MAX_BYTES;

  static void putHardState(ByteBuffer out, HardState state) {
    Varint.put(out, state.term());
    Varint.put(out, state.vote());
    Varint.put(out, state.commit());
  }

  static HardState getHardState(ByteBuffer in) {
    HardState state = new HardState(Varint.get(in), Varint.get(in), Varint.get(in));
    requireFullyRead(in);
    return state;
  }

  /** The membership is the rest of the payload (nothing in markers of older members). */
  static int snapshotBytesMax(SnapshotMarker marker) {
    return 2 * Varint.MAX_BYTES + marker.membership().length;
  }

  static void putSnapshot(ByteBuffer out, SnapshotMarker marker) {
    Varint.put(out, marker.index());
    Varint.put(out, marker.term());
    out.put(marker.membership());
  }

  static SnapshotMarker getSnapshot(ByteBuffer in) {
    long index = Varint.get(in);
    long term = Varint.get(in);
    if (index < 0 || term < 0) {
      throw new MalformedPayloadException("negative snapshot index or term");
    }
    byte[] membership = new byte[in.remaining()];
    in.get(membership);
    return new SnapshotMarker(index, term, membership);
  }

  static int metadataBytesMax(byte[] memberMetadata) {
    return 1 + 2 * Varint.MAX_BYTES + memberMetadata.length;
  }

  static void putMetadata(ByteBuffer out, SegmentMetadata metadata) {
    out.put((byte) FORMAT_VERSION);
    Varint.put(out, metadata.sequence());
    Varint.put(out, metadata.firstIndex());
    out.put(metadata.memberMetadata());
  }

  static SegmentMetadata getMetadata(ByteBuffer in) {
    if (!in.hasRemaining() || in.get() != FORMAT_VERSION) {
      throw new MalformedPayloadException("unknown WAL format version");
    }
    long sequence = Varint.get(in);
    long firstIndex = Varint.get(in);
    byte[] memberMetadata = new byte[in.remaining()];
    in.get(memberMetadata);
    return new SegmentMetadata(sequence, firstIndex, memberMetadata);
  }

  private static void requireFullyRead(ByteBuffer in) {
    if (in.hasRemaining()) {
      throw new MalformedPayloadException(in.remaining() + " unexpected trailing bytes");
    }
  }
}
