package io.vetcd.consensus.wal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A segment file's name: its sequence number and the index its first new entry would take, both
 * as 16 hex digits ({@code 0000000000000003-00000000000a1b2c.wal}), so names sort in log order.
 */
record SegmentName(long sequence, long firstIndex) {
  static final String SUFFIX = ".wal";
  /** A segment being created; it gets its real name only once its header is durable. */
  static final String CREATING_SUFFIX = ".wal.tmp";
  private static final Pattern PATTERN = Pattern.compile("([0-9a-f]{16})-([0-9a-f]{16})\\.wal");

  String fileName() {
    return String.format("%016x-%016x%s", sequence, firstIndex, SUFFIX);
  }

  String creatingFileName() {
    return String.format("%016x-%016x%s", sequence, firstIndex, CREATING_SUFFIX);
  }

  SegmentName next(long nextFirstIndex) {
    return new SegmentName(sequence + 1, nextFirstIndex);
  }

  /** The name this file name stands for, or null if it is not a segment's. */
  static SegmentName parse(String fileName) {
    Matcher m = PATTERN.matcher(fileName);
    if (!m.matches()) {
      return null;
    }
    return new SegmentName(
        Long.parseUnsignedLong(m.group(1), 16), Long.parseUnsignedLong(m.group(2), 16));
  }
}
