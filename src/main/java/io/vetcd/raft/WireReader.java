package io.vetcd.raft;

import java.util.Arrays;

/** Reads what {@link WireWriter} wrote; a short or malformed input fails with IllegalArgumentException. */
final class WireReader {
  private final byte[] buffer;
  private int position;

  WireReader(byte[] buffer) {
    this.buffer = buffer;
  }

  int readByte() {
    need(1);
    return buffer[position++] & 0xff;
  }

  int readInt() {
    need(4);
    int value = 0;
    for (int i = 0; i < 4; i++) {
      value = (value << 8) | (buffer[position++] & 0xff);
    }
    return value;
  }

  long readLong() {
    need(8);
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (buffer[position++] & 0xff);
    }
    return value;
  }

  byte[] readBytes() {
    int len = readInt();
    if (len == -1) {
      return null;
    }
    if (len < 0) {
      throw new IllegalArgumentException("negative length " + len);
    }
    need(len);
    byte[] value = Arrays.copyOfRange(buffer, position, position + len);
    position += len;
    return value;
  }

  void expectEnd() {
    if (position != buffer.length) {
      throw new IllegalArgumentException((buffer.length - position) + " trailing bytes");
    }
  }

  private void need(int count) {
    if (position + count > buffer.length) {
      throw new IllegalArgumentException("truncated input at byte " + position);
    }
  }
}
