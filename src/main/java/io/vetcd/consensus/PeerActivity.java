package io.vetcd.consensus;

/**
 * The stream from this member to a peer is up since {@code activeSinceMillis} (wall clock), or
 * down when it is 0: etcd's transport ActiveSince, which its health checks of member changes read.
 */
public record PeerActivity(long peerId, long activeSinceMillis) {
  public static PeerActivity up(long peerId, long nowMillis) {
    return new PeerActivity(peerId, nowMillis);
  }

  public static PeerActivity down(long peerId) {
    return new PeerActivity(peerId, 0);
  }
}
