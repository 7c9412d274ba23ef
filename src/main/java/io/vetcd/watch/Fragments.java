package io.vetcd.watch;

import com.google.protobuf.CodedOutputStream;
import io.vetcd.proto.etcdserverpb.WatchResponse;
import io.vetcd.proto.mvccpb.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a response too large for a client that asked for fragments, as etcd's sendFragments
 * (v3rpc/watch.go): a response of at least {@code fragmentBytes} with two events or more becomes
 * several, each filled with events while it stays under the limit (one event at least), all but
 * the last marked fragment.
 */
final class Fragments {
  private Fragments() {}

  static List<WatchResponse> split(WatchResponse response, long fragmentBytes) {
    if (response.getSerializedSize() < fragmentBytes || response.getEventsCount() < 2) {
      return List.of(response);
    }
    List<Event> events = response.getEventsList();
    WatchResponse.Builder empty = response.toBuilder().clearEvents().setFragment(true);
    long emptyBytes = empty.build().getSerializedSize();
    List<WatchResponse> parts = new ArrayList<>();
    int next = 0;
    while (next < events.size()) {
      WatchResponse.Builder part = empty.clone();
      long bytes = emptyBytes;
      while (next < events.size()) {
        long eventBytes = CodedOutputStream.computeMessageSize(
            WatchResponse.EVENTS_FIELD_NUMBER, events.get(next));
        if (part.getEventsCount() > 0 && bytes + eventBytes >= fragmentBytes) {
          break;
        }
        part.addEvents(events.get(next++));
        bytes += eventBytes;
      }
      parts.add(part.setFragment(next < events.size()).build());
    }
    return parts;
  }
}
