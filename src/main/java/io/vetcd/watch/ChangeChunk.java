package io.vetcd.watch;

import io.vetcd.proto.mvccpb.Event;
import java.util.List;

/**
 * The changes of whole revisions [fromRevision, lastRevision], as read once for many watchers:
 * the events, their keys as bytes (matched against every watcher), and, when some watcher asked
 * for it, each event with its previous key-value attached.
 */
record ChangeChunk(
    long fromRevision, long lastRevision, List<Event> events, List<byte[]> keys,
    List<Event> withPrevKv) {

  int size() {
    return events.size();
  }

  Event event(int i) {
    return events.get(i);
  }

  byte[] key(int i) {
    return keys.get(i);
  }

  boolean hasPrevKv() {
    return withPrevKv != null;
  }

  Event eventWithPrevKv(int i) {
    return withPrevKv.get(i);
  }
}
