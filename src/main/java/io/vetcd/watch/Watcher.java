package io.vetcd.watch;

import com.google.protobuf.ByteString;
import io.vetcd.errors.EtcdError;
import io.vetcd.mvcc.KeyRange;
import io.vetcd.proto.etcdserverpb.WatchCreateRequest;
import io.vetcd.proto.mvccpb.Event;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One watch: the keys it covers, its options, and how far it has been served. Used on the hub's
 * context only.
 */
final class Watcher {
  /** etcd's smallest key: a watch with no key starts there. */
  private static final ByteString SMALLEST_KEY = ByteString.copyFrom(new byte[] {0});

  final WatchStream stream;
  final long id;
  final boolean prevKv;
  final boolean progressNotify;
  final boolean fragment;
  private final KeyRange range;
  private final boolean noPut;
  private final boolean noDelete;
  /** Every event below this revision has been handed to the stream or filtered out. */
  long nextRevision;
  boolean synced;
  /** Set when the watcher was canceled: responses already read for it are not sent. */
  boolean removed;
  /** Whether events went out since the last progress tick (etcd then skips the notification). */
  boolean eventsSinceProgress;

  private Watcher(WatchStream stream, long id, WatchCreateRequest request, KeyRange range,
      long startRevision) {
    this.stream = stream;
    this.id = id;
    this.prevKv = request.getPrevKv();
    this.progressNotify = request.getProgressNotify();
    this.fragment = request.getFragment();
    this.range = range;
    this.noPut = request.getFiltersList().contains(WatchCreateRequest.FilterType.NOPUT);
    this.noDelete = request.getFiltersList().contains(WatchCreateRequest.FilterType.NODELETE);
    this.nextRevision = startRevision;
  }

  /**
   * The keys of a create request as etcd reads them (v3rpc/watch.go recvLoop): no key means the
   * smallest key, a range_end of "\0" means every key from {@code key} on.
   *
   * @throws io.vetcd.errors.EtcdException WATCHER_EMPTY_RANGE when range_end is not after key
   */
  static KeyRange rangeOf(WatchCreateRequest request) {
    ByteString key = request.getKey().isEmpty() ? SMALLEST_KEY : request.getKey();
    KeyRange range = KeyRange.of(key, request.getRangeEnd());
    byte[] end = range.exclusiveEnd();
    if (end != null && Arrays.compareUnsigned(range.start(), end) >= 0) {
      throw EtcdError.WATCHER_EMPTY_RANGE.exception();
    }
    return range;
  }

  static Watcher of(WatchStream stream, long id, WatchCreateRequest request, KeyRange range,
      long startRevision) {
    return new Watcher(stream, id, request, range, startRevision);
  }

  /** This watcher's events of the chunk, from its next revision on, with prev_kv if it asked. */
  List<Event> select(ChangeChunk chunk) {
    List<Event> selected = new ArrayList<>();
    for (int i = 0; i < chunk.size(); i++) {
      Event event = chunk.event(i);
      if (event.getKv().getModRevision() >= nextRevision && wants(event.getType())
          && range.contains(chunk.key(i))) {
        selected.add(prevKv ? chunk.eventWithPrevKv(i) : event);
      }
    }
    return selected;
  }

  private boolean wants(Event.EventType type) {
    return type == Event.EventType.PUT ? !noPut : !noDelete;
  }
}
