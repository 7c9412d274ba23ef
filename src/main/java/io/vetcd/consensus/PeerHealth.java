package io.vetcd.consensus;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which peers this member's streams reach, and since when, as the peer transport reports them
 * ({@link PeerActivity}): etcd's health checks of member changes under --strict-reconfig-check
 * (etcdserver util.go numConnectedSince) read it. Used on the Raft driver's loop only.
 */
final class PeerHealth {
  /** etcd's HealthInterval: a peer counts as connected once its stream has been up this long. */
  static final long HEALTH_INTERVAL_MILLIS = 5_000;

  private final Map<Long, Long> activeSince = new HashMap<>();

  void record(PeerActivity activity) {
    if (activity.activeSinceMillis() == 0) {
      activeSince.remove(activity.peerId());
    } else {
      activeSince.put(activity.peerId(), activity.activeSinceMillis());
    }
  }

  /** Whether the stream to {@code peer} is down (etcd: its ActiveSince is zero). */
  boolean isDown(long peer) {
    return !activeSince.containsKey(peer);
  }

  /** How many of {@code members} count as connected: this member, and peers up for 5 s. */
  int connected(long self, List<Long> members, long nowMillis) {
    long since = nowMillis - HEALTH_INTERVAL_MILLIS;
    return (int) members.stream().filter(id -> id == self
        || activeSince.getOrDefault(id, Long.MAX_VALUE) < since).count();
  }
}
