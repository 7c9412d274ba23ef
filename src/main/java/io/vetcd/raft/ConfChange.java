package io.vetcd.raft;

/**
 * One membership change, carried in the data of a {@link EntryType#CONF_CHANGE} entry.
 * {@code context} is opaque to the core (etcd puts the member's metadata there).
 */
public record ConfChange(ConfChangeType type, long nodeId, byte[] context) {
  public ConfChange {
    if (type == null || nodeId == 0) {
      throw new IllegalArgumentException("conf change needs a type and a positive node id");
    }
  }

  public ConfChange(ConfChangeType type, long nodeId) {
    this(type, nodeId, new byte[0]);
  }

  public byte[] toBytes() {
    return new WireWriter(16 + (context == null ? 0 : context.length))
        .writeByte(type.number)
        .writeLong(nodeId)
        .writeBytes(context)
        .toByteArray();
  }

  public static ConfChange fromBytes(byte[] bytes) {
    WireReader in = new WireReader(bytes);
    ConfChange cc = new ConfChange(ConfChangeType.of(in.readByte()), in.readLong(), in.readBytes());
    in.expectEnd();
    return cc;
  }
}
