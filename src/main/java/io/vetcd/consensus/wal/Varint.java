package io.vetcd.consensus.wal;

import java.nio.ByteBuffer;

/** Unsigned LEB128, as protobuf writes it: terms and indexes are small, so most take 1-3 bytes. */
final class Varint {
  static final int MAX_BYTES = 10;

  private Varint() {}

  static void put(ByteBuffer out, long value) {
    while ((value & ~0x7FL) != 0) {
      out.put((byte) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.put((byte) value);
  }

  /** Reads one varint; a truncated or over-long one is a malformed payload. */
  static long get(ByteBuffer in) {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (!in.hasRemaining()) {
        throw new MalformedPayloadException("truncated varint");
      }
      byte b = in.get();
      value |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw new MalformedPayloadException("varint longer than 64 bits");
  }
}
