package io.vetcd.consensus;

import java.nio.ByteBuffer;

/**
 * This member's ID and its cluster's, as the WAL's metadata keeps them from the WAL's creation
 * on (etcd's WAL metadata holds the same two): a restart takes them from there, whatever
 * --initial-cluster and --initial-cluster-state say, so a member that joined with IDs asked of its
 * peers keeps them. A WAL written before vetcd kept them has empty metadata.
 */
public record WalIdentity(long memberId, long clusterId) {
  private static final int BYTES = 2 * Long.BYTES;

  public byte[] toBytes() {
    return ByteBuffer.allocate(BYTES).putLong(memberId).putLong(clusterId).array();
  }

  /** The identity in a WAL's metadata, or null when it holds none (an older WAL). */
  public static WalIdentity fromBytes(byte[] metadata) {
    if (metadata.length == 0) {
      return null;
    }
    if (metadata.length != BYTES) {
      throw new IllegalStateException("the WAL's metadata is not a member identity ("
          + metadata.length + " bytes)");
    }
    ByteBuffer buffer = ByteBuffer.wrap(metadata);
    return new WalIdentity(buffer.getLong(), buffer.getLong());
  }
}
