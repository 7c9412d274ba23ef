package io.vetcd.watch;

import io.vetcd.errors.EtcdException;
import io.vetcd.mvcc.MvccStore;
import io.vetcd.proto.etcdserverpb.RangeRequest;
import io.vetcd.proto.etcdserverpb.RangeResponse;
import io.vetcd.proto.mvccpb.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the change log for the hub, in chunks of whole revisions: the events of one revision (one
 * txn) always travel together, as etcd sends them in one response. Blocking: worker threads only.
 */
final class ChangeReader {
  /**
   * Events read per chunk, live or catching up: bounds the memory of one read and the time the
   * hub spends dispatching it. A single revision larger than this is still read whole.
   */
  static final int CHUNK_EVENTS_MAX = 1000;

  private final MvccStore store;

  ChangeReader(MvccStore store) {
    this.store = store;
  }

  /**
   * The changes of whole revisions from {@code fromRevision}, up to {@code toRevision} or fewer.
   *
   * @throws EtcdException COMPACTED when fromRevision is compacted
   */
  ChangeChunk read(long fromRevision, long toRevision, boolean withPrevKv) {
    List<Event> events = store.changes(fromRevision, toRevision, CHUNK_EVENTS_MAX);
    long lastRevision = toRevision;
    if (events.size() == CHUNK_EVENTS_MAX) {
      long cutRevision = events.get(events.size() - 1).getKv().getModRevision();
      int firstOfCut = firstIndexOf(events, cutRevision);
      if (firstOfCut > 0) {
        events = events.subList(0, firstOfCut);
        lastRevision = cutRevision - 1;
      } else {
        events = store.changes(cutRevision, cutRevision, Integer.MAX_VALUE);
        lastRevision = cutRevision;
      }
    }
    return ChangeChunk.of(fromRevision, lastRevision, events,
        withPrevKv ? attachPrevKvs(events) : null);
  }

  private static int firstIndexOf(List<Event> events, long revision) {
    int i = events.size() - 1;
    while (i > 0 && events.get(i - 1).getKv().getModRevision() == revision) {
      i--;
    }
    return i;
  }

  /**
   * Each event with the key's value just before it, read at mod_revision - 1 as etcd does
   * (v3rpc/watch.go sendLoop). A creation has none; a compacted one is left out, as in etcd.
   */
  private List<Event> attachPrevKvs(List<Event> events) {
    List<Event> attached = new ArrayList<>(events.size());
    for (Event event : events) {
      long before = event.getKv().getModRevision() - 1;
      boolean creation = event.getType() == Event.EventType.PUT && event.getKv().getVersion() == 1;
      if (creation || before < 1) {
        attached.add(event);
        continue;
      }
      try {
        RangeResponse previous = store.range(RangeRequest.newBuilder()
            .setKey(event.getKv().getKey()).setRevision(before).build());
        attached.add(previous.getKvsCount() == 0 ? event
            : event.toBuilder().setPrevKv(previous.getKvs(0)).build());
      } catch (EtcdException compacted) {
        attached.add(event);
      }
    }
    return attached;
  }
}
