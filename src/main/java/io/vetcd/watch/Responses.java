package io.vetcd.watch;

import io.vetcd.proto.etcdserverpb.ResponseHeader;
import io.vetcd.proto.etcdserverpb.WatchResponse;
import io.vetcd.proto.mvccpb.Event;
import java.util.List;
import java.util.function.LongFunction;

/** The responses of etcd's Watch stream, field for field as v3rpc/watch.go builds them. */
final class Responses {
  /** etcd's clientv3.InvalidWatchID: a response for no watch, or for a watch not created. */
  static final long NO_WATCH_ID = -1;

  private final LongFunction<ResponseHeader> headers;
  private final long fragmentBytes;

  Responses(LongFunction<ResponseHeader> headers, long fragmentBytes) {
    this.headers = headers;
    this.fragmentBytes = fragmentBytes;
  }

  WatchResponse created(long watchId, long revision) {
    return base(revision, watchId).setCreated(true).build();
  }

  WatchResponse refused(long revision, String reason) {
    return base(revision, NO_WATCH_ID).setCreated(true).setCanceled(true).setCancelReason(reason)
        .build();
  }

  WatchResponse canceled(long watchId, long revision) {
    return base(revision, watchId).setCanceled(true).build();
  }

  /** etcd sends it with no revision in the header (watcher_group.go chooseAll). */
  WatchResponse compacted(long watchId, long compactRevision) {
    return base(0, watchId).setCompactRevision(compactRevision).setCanceled(true).build();
  }

  /** A progress notification: one watch's (progress_notify) or the whole stream's (-1). */
  WatchResponse progress(long watchId, long revision) {
    return base(revision, watchId).build();
  }

  /** A watcher's events, split into fragments if it asked for them and they are large. */
  List<WatchResponse> events(Watcher watcher, List<Event> events, ResponseHeader header) {
    WatchResponse response = base(header, watcher.id).addAllEvents(events).build();
    return watcher.fragment ? Fragments.split(response, fragmentBytes) : List.of(response);
  }

  /** The header of a response at {@code revision}: one serves every response of a chunk. */
  ResponseHeader header(long revision) {
    return headers.apply(revision);
  }

  private WatchResponse.Builder base(long revision, long watchId) {
    return base(header(revision), watchId);
  }

  private static WatchResponse.Builder base(ResponseHeader header, long watchId) {
    return WatchResponse.newBuilder().setHeader(header).setWatchId(watchId);
  }
}
