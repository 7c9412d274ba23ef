package io.vetcd.watch;

import io.vetcd.errors.EtcdError;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The watches of one stream by id, with etcd's id rules (mvcc/watcher.go watchStream.Watch): a
 * client-chosen id must be free on the stream, id 0 asks for the lowest free id counting up from
 * the last one assigned. Used on the hub's context only.
 */
final class StreamWatchers {
  /** etcd's clientv3.AutoWatchID: the client lets the server choose. */
  static final long AUTO_ID = 0;

  private final Map<Long, Watcher> byId = new HashMap<>();
  private long nextId;

  /** The id a new watch gets. */
  long assignId(long requested) {
    if (requested != AUTO_ID) {
      if (byId.containsKey(requested)) {
        throw EtcdError.WATCHER_DUPLICATE_ID.exception();
      }
      return requested;
    }
    while (byId.containsKey(nextId)) {
      nextId++;
    }
    return nextId++;
  }

  void add(Watcher watcher) {
    byId.put(watcher.id, watcher);
  }

  Watcher remove(long id) {
    return byId.remove(id);
  }

  Collection<Watcher> all() {
    return byId.values();
  }
}
