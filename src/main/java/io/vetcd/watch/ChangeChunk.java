package io.vetcd.watch;

import io.vetcd.proto.mvccpb.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * The changes of whole revisions [fromRevision, lastRevision], as read once for many watchers:
 * the events, their keys as bytes (matched against every watcher), and, when some watcher asked
 * for it, each event with its previous key-value attached.
 */
record ChangeChunk(
    long fromRevision, long lastRevision, List<Event> events, List<byte[]> keys,
    List<Event> withPrevKv) {

  /** A chunk of {@code events} with their keys as bytes; {@code withPrevKv} may be null. */
  static ChangeChunk of(long fromRevision, long lastRevision, List<Event> events,
      List<Event> withPrevKv) {
    List<byte[]> keys = new ArrayList<>(events.size());
    for (Event event : events) {
      keys.add(event.getKv().getKey().toByteArray());
    }
    return new ChangeChunk(fromRevision, lastRevision, events, keys, withPrevKv);
  }

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
