package io.vetcd.mvcc;

import com.google.protobuf.ByteString;
import io.vetcd.proto.mvccpb.Event;
import io.vetcd.proto.mvccpb.KeyValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A deliberately simple key history to check the real store against: every version of every key
 * in a sorted map of lists, read by looking at each key in turn. Slow and obviously right.
 */
public final class ModelKvView implements KvWriteView {
  /** A version; kv is null for a tombstone. */
  private record Version(Revision revision, KeyValue kv) {}

  private final TreeMap<ByteString, List<Version>> history =
      new TreeMap<>(ByteString.unsignedLexicographicalComparator());

  @Override
  public void scan(KeyRange range, long atRevision, Predicate<KeyValue> visitor) {
    for (Map.Entry<ByteString, List<Version>> entry : history.entrySet()) {
      if (!range.contains(entry.getKey().toByteArray())) {
        continue;
      }
      KeyValue kv = newestAtOrBelow(entry.getValue(), atRevision);
      if (kv != null && !visitor.test(kv)) {
        return;
      }
    }
  }

  private static KeyValue newestAtOrBelow(List<Version> versions, long atRevision) {
    KeyValue found = null;
    for (Version version : versions) {
      if (version.revision().main() <= atRevision) {
        found = version.kv();
      }
    }
    return found;
  }

  @Override
  public long count(KeyRange range, long atRevision) {
    long[] count = {0};
    scan(range, atRevision, kv -> ++count[0] > 0);
    return count[0];
  }

  @Override
  public void put(KeyValue kv, Revision revision) {
    history.computeIfAbsent(kv.getKey(), k -> new ArrayList<>()).add(new Version(revision, kv));
  }

  @Override
  public void tombstone(ByteString key, Revision revision) {
    history.get(key).add(new Version(revision, null));
  }

  /** Keeps, per key, the newest version at or below {@code revision} unless it is a tombstone. */
  public void compact(long revision) {
    for (Iterator<List<Version>> keys = history.values().iterator(); keys.hasNext(); ) {
      List<Version> versions = keys.next();
      int newest = -1;
      for (int i = 0; i < versions.size(); i++) {
        if (versions.get(i).revision().main() <= revision) {
          newest = i;
        }
      }
      if (newest >= 0) {
        boolean tombstone = versions.get(newest).kv() == null;
        versions.subList(0, tombstone ? newest + 1 : newest).clear();
      }
      if (versions.isEmpty()) {
        keys.remove();
      }
    }
  }

  /** Every remaining change with main revision in [from, to] as a watch event, in revision order. */
  public List<Event> events(long from, long to) {
    record Change(Revision revision, Event event) {}
    List<Change> changes = new ArrayList<>();
    history.forEach((key, versions) -> {
      for (Version version : versions) {
        long main = version.revision().main();
        if (main < from || main > to) {
          continue;
        }
        Event event = version.kv() == null
            ? Event.newBuilder().setType(Event.EventType.DELETE)
                .setKv(KeyValue.newBuilder().setKey(key).setModRevision(main)).build()
            : Event.newBuilder().setType(Event.EventType.PUT).setKv(version.kv()).build();
        changes.add(new Change(version.revision(), event));
      }
    });
    changes.sort(Comparator.comparing(Change::revision));
    return changes.stream().map(Change::event).toList();
  }

  public long versionCount() {
    return history.values().stream().mapToLong(List::size).sum();
  }
}
