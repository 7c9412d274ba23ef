package io.vetcd.mvcc.xodus;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.vetcd.proto.mvccpb.Event;
import io.vetcd.proto.mvccpb.KeyValue;
import java.util.ArrayList;
import java.util.List;
import jetbrains.exodus.ByteIterable;
import jetbrains.exodus.env.Cursor;
import jetbrains.exodus.env.Transaction;

/**
 * Reads the change log as watch events, in revision order. A delete event carries the key and
 * the revision of the delete only, as etcd's (watchable_store.go kvsToEvents).
 */
final class ChangeLogReader {
  private final Transaction txn;
  private final XodusStores stores;

  ChangeLogReader(Transaction txn, XodusStores stores) {
    this.txn = txn;
    this.stores = stores;
  }

  List<Event> read(long fromRevision, long toRevision, int maxEvents) {
    List<Event> events = new ArrayList<>();
    try (Cursor cursor = stores.revisions().openCursor(txn)) {
      ByteIterable value = cursor.getSearchKeyRange(
          XodusKvView.iterable(KeyCodec.revisionKey(fromRevision, 0)));
      while (value != null && events.size() < maxEvents) {
        ByteIterable entry = cursor.getKey();
        long main = KeyCodec.revisionMain(entry.getBytesUnsafe());
        if (main > toRevision) {
          break;
        }
        long sub = KeyCodec.revisionSub(entry.getBytesUnsafe());
        events.add(event(ChangeRecord.decode(value.getBytesUnsafe(), value.getLength()), main, sub));
        value = cursor.getNext() ? cursor.getValue() : null;
      }
    }
    return events;
  }

  private Event event(ChangeRecord change, long main, long sub) {
    ByteString key = ByteString.copyFrom(change.key());
    if (change.tombstone()) {
      return deleteEvent(key, main);
    }
    ByteIterable stored = stores.keys().get(txn, XodusKvView.iterable(
        KeyCodec.versionKey(KeyCodec.encodeKey(change.key()), main, sub)));
    try {
      return putEvent(KeyValue.newBuilder()
          .mergeFrom(stored.getBytesUnsafe(), 0, stored.getLength())
          .setKey(key)
          .build());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt key-value record", e);
    }
  }

  static Event putEvent(KeyValue kv) {
    return Event.newBuilder().setType(Event.EventType.PUT).setKv(kv).build();
  }

  static Event deleteEvent(ByteString key, long revision) {
    return Event.newBuilder().setType(Event.EventType.DELETE)
        .setKv(KeyValue.newBuilder().setKey(key).setModRevision(revision)).build();
  }
}
