package io.vetcd.raft;

/**
 * A state machine image covering the log up to {@code index} (whose entry had {@code term}), with
 * the membership at that point. {@code data} is opaque to the core.
 */
public record Snapshot(long index, long term, ConfState confState, byte[] data) {
  public static final Snapshot EMPTY = new Snapshot(0, 0, ConfState.EMPTY, new byte[0]);

  public Snapshot {
    if (index < 0 || term < 0) {
      throw new IllegalArgumentException("negative snapshot index or term");
    }
    if (confState == null || data == null) {
      throw new IllegalArgumentException("snapshot needs a conf state and data");
    }
  }

  public boolean isEmpty() {
    return index == 0;
  }

  void writeTo(WireWriter out) {
    out.writeLong(index).writeLong(term);
    confState.writeTo(out);
    out.writeBytes(data);
  }

  static Snapshot readFrom(WireReader in) {
    long index = in.readLong();
    long term = in.readLong();
    ConfState cs = ConfState.readFrom(in);
    return new Snapshot(index, term, cs, in.readBytes());
  }
}
