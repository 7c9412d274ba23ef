package io.vetcd.mvcc;

import com.google.protobuf.ByteString;
import java.util.Arrays;

/**
 * The keys a request addresses, decoded from etcd's (key, range_end) pair: an empty range_end
 * means the single key, a range_end of one zero byte means every key from {@code key} on, any
 * other range_end means [key, range_end). A prefix is expressed by the client as range_end.
 */
public final class KeyRange {
  private static final byte[] UNBOUNDED = new byte[0];

  private final byte[] start;
  /** null: the single key {@code start}; empty: no upper bound; else the exclusive end. */
  private final byte[] end;

  private KeyRange(byte[] start, byte[] end) {
    this.start = start;
    this.end = end;
  }

  public static KeyRange of(ByteString key, ByteString rangeEnd) {
    if (rangeEnd.isEmpty()) {
      return single(key.toByteArray());
    }
    if (rangeEnd.size() == 1 && rangeEnd.byteAt(0) == 0) {
      return new KeyRange(key.toByteArray(), UNBOUNDED);
    }
    return new KeyRange(key.toByteArray(), rangeEnd.toByteArray());
  }

  public static KeyRange single(byte[] key) {
    return new KeyRange(key, null);
  }

  public byte[] start() {
    return start;
  }

  /** The exclusive upper bound, or null when the range has none (single keys included). */
  public byte[] exclusiveEnd() {
    return end == null || end.length == 0 ? null : end;
  }

  public boolean isSingleKey() {
    return end == null;
  }

  public boolean contains(byte[] key) {
    if (end == null) {
      return Arrays.equals(start, key);
    }
    return Arrays.compareUnsigned(key, start) >= 0
        && (end.length == 0 || Arrays.compareUnsigned(key, end) < 0);
  }

  @Override
  public String toString() {
    String from = ByteString.copyFrom(start).toStringUtf8();
    if (end == null) {
      return "[" + from + "]";
    }
    return "[" + from + ", " + (end.length == 0 ? "+inf" : ByteString.copyFrom(end).toStringUtf8()) + ")";
  }
}
