package io.vetcd.mvcc.xodus;

import com.google.protobuf.ByteString;
import java.util.Arrays;

/**
 * A revision store value: one type byte (put or tombstone) and the user key, which points to the
 * version in the key store. Compaction and watch catch-up read the log through it.
 */
record ChangeRecord(boolean tombstone, byte[] key) {
  private static final byte PUT = 0;
  private static final byte TOMBSTONE = 1;

  static byte[] put(ByteString key) {
    return encode(PUT, key);
  }

  static byte[] tombstone(ByteString key) {
    return encode(TOMBSTONE, key);
  }

  static ChangeRecord decode(byte[] bytes, int length) {
    return new ChangeRecord(bytes[0] == TOMBSTONE, Arrays.copyOfRange(bytes, 1, length));
  }

  private static byte[] encode(byte type, ByteString key) {
    byte[] out = new byte[key.size() + 1];
    out[0] = type;
    key.copyTo(out, 1);
    return out;
  }
}
