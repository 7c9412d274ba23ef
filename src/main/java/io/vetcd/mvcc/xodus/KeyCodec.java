package io.vetcd.mvcc.xodus;

import java.util.Arrays;

/**
 * Byte layouts of the stores' keys, all ordered by unsigned byte comparison as Xodus orders them.
 *
 * <p>A user key is escaped so that its encoding sorts like the key and no encoding is a prefix of
 * another: a zero byte becomes {@code 00 FF} and the encoding ends with {@code 00 01}. A version
 * key is that encoding followed by the inverted main and sub revisions (Long.MAX_VALUE - x, big
 * endian), so the versions of one key sort newest first and "the newest version at or below R" is
 * the first entry at or after {@link #seekAt}. Inverted values are non-negative, so their first
 * byte is at most 0x7F and {@link #afterAllVersions} ({@code encoding + FF}) sorts after every
 * version of the key and before the next key.
 */
final class KeyCodec {
  static final int REVISION_BYTES = 16;
  private static final byte ESCAPE = 0x00;
  private static final byte ESCAPED_ZERO = (byte) 0xFF;
  private static final byte TERMINATOR = 0x01;

  private KeyCodec() {}

  static byte[] encodeKey(byte[] key) {
    int zeros = 0;
    for (byte b : key) {
      if (b == ESCAPE) {
        zeros++;
      }
    }
    // Sized exactly, filled once: keys are encoded on every put and every range.
    byte[] encoded = new byte[key.length + zeros + 2];
    int at = 0;
    for (byte b : key) {
      encoded[at++] = b;
      if (b == ESCAPE) {
        encoded[at++] = ESCAPED_ZERO;
      }
    }
    encoded[at++] = ESCAPE;
    encoded[at] = TERMINATOR;
    return encoded;
  }

  /** Decodes the user key from the first {@code length} bytes of an encoding. */
  static byte[] decodeKey(byte[] encoded, int length) {
    byte[] key = new byte[length];
    int size = 0;
    for (int i = 0; i < length; i++) {
      byte b = encoded[i];
      if (b == ESCAPE) {
        if (encoded[i + 1] == TERMINATOR) {
          return Arrays.copyOf(key, size);
        }
        i++; // skip the escape's partner byte
      }
      key[size++] = b;
    }
    throw new IllegalArgumentException("key encoding without terminator");
  }

  static byte[] versionKey(byte[] encodedKey, long main, long sub) {
    byte[] out = Arrays.copyOf(encodedKey, encodedKey.length + REVISION_BYTES);
    putLong(out, encodedKey.length, Long.MAX_VALUE - main);
    putLong(out, encodedKey.length + 8, Long.MAX_VALUE - sub);
    return out;
  }

  /** Sorts right before the newest version of the key whose main revision is at most {@code main}. */
  static byte[] seekAt(byte[] encodedKey, long main) {
    return versionKey(encodedKey, main, Long.MAX_VALUE);
  }

  static byte[] afterAllVersions(byte[] encodedKey) {
    byte[] out = Arrays.copyOf(encodedKey, encodedKey.length + 1);
    out[encodedKey.length] = (byte) 0xFF;
    return out;
  }

  /** Main revision of a version key of {@code length} bytes. */
  static long versionMain(byte[] versionKey, int length) {
    return Long.MAX_VALUE - getLong(versionKey, length - REVISION_BYTES);
  }

  static long versionSub(byte[] versionKey, int length) {
    return Long.MAX_VALUE - getLong(versionKey, length - 8);
  }

  /** Key of the revision store: main then sub, big endian, so the log sorts in revision order. */
  static byte[] revisionKey(long main, long sub) {
    byte[] out = new byte[REVISION_BYTES];
    putLong(out, 0, main);
    putLong(out, 8, sub);
    return out;
  }

  static long revisionMain(byte[] revisionKey) {
    return getLong(revisionKey, 0);
  }

  static long revisionSub(byte[] revisionKey) {
    return getLong(revisionKey, 8);
  }

  static byte[] longBytes(long value) {
    byte[] out = new byte[8];
    putLong(out, 0, value);
    return out;
  }

  static long getLong(byte[] bytes, int offset) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (bytes[offset + i] & 0xFF);
    }
    return value;
  }

  private static void putLong(byte[] out, int offset, long value) {
    for (int i = 7; i >= 0; i--) {
      out[offset + i] = (byte) value;
      value >>>= 8;
    }
  }
}
