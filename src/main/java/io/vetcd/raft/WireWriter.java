package io.vetcd.raft;

import java.util.Arrays;

/** Big-endian encoder over a growable byte array; pure code so the core needs no java.io. */
final class WireWriter {
  private byte[] buffer;
  private int length;

  WireWriter(int initialCapacity) {
    buffer = new byte[Math.max(16, initialCapacity)];
  }

  WireWriter writeByte(int value) {
    ensure(1);
    buffer[length++] = (byte) value;
    return this;
  }

  WireWriter writeInt(int value) {
    ensure(4);
    for (int shift = 24; shift >= 0; shift -= 8) {
      buffer[length++] = (byte) (value >>> shift);
    }
    return this;
  }

  WireWriter writeLong(long value) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buffer[length++] = (byte) (value >>> shift);
    }
    return this;
  }

  /** Writes a length prefix (-1 for null) and the bytes. */
  WireWriter writeBytes(byte[] value) {
    if (value == null) {
      return writeInt(-1);
    }
    writeInt(value.length);
    ensure(value.length);
    System.arraycopy(value, 0, buffer, length, value.length);
    length += value.length;
    return this;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buffer, length);
  }

  private void ensure(int more) {
    if (length + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
    }
  }
}
