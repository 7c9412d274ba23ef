package io.vetcd.api;

import com.google.protobuf.ByteString;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vetcd.errors.EtcdError;
import io.vetcd.proto.etcdserverpb.Compare;
import io.vetcd.proto.etcdserverpb.RangeRequest;
import io.vetcd.proto.etcdserverpb.RangeResponse;
import io.vetcd.proto.etcdserverpb.ResponseHeader;
import io.vetcd.proto.etcdserverpb.WatchCreateRequest;
import io.vetcd.proto.etcdserverpb.WatchResponse;
import io.vetcd.proto.mvccpb.Event;
import io.vetcd.proto.mvccpb.KeyValue;
import io.vetcd.watch.WatchHub;
import io.vetcd.watch.WatchSink;
import io.vetcd.watch.WatchStream;
import java.util.function.Predicate;

/**
 * The reads and waits of etcd's concurrency recipes (clientv3/concurrency), served inside the
 * member: the first or last key of a prefix by create revision, and waiting for keys to be
 * deleted through the watch hub (never by polling), as the lock and election services need.
 */
final class KeyWaits {
  private final KvServer kv;
  private final WatchHub watches;

  KeyWaits(KvServer kv, WatchHub watches) {
    this.kv = kv;
    this.watches = watches;
  }

  /** The prefix's key with the lowest create revision (etcd's WithFirstCreate), if any. */
  Future<RangeResponse> firstCreated(ByteString prefix) {
    return kv.range(firstCreatedRange(prefix).build());
  }

  static RangeRequest.Builder firstCreatedRange(ByteString prefix) {
    return prefixRange(prefix)
        .setSortTarget(RangeRequest.SortTarget.CREATE)
        .setSortOrder(RangeRequest.SortOrder.ASCEND)
        .setLimit(1);
  }

  /**
   * Waits until no key of the prefix was created at or below {@code maxCreateRevision}: for the
   * newest such key, waits for its deletion, then looks again (etcd's waitDeletes). Completes
   * with the header of the last, empty read; fails when the call is cancelled.
   */
  Future<ResponseHeader> waitDeletes(ByteString prefix, long maxCreateRevision,
      Cancellation cancellation) {
    return kv.range(prefixRange(prefix)
            .setSortTarget(RangeRequest.SortTarget.CREATE)
            .setSortOrder(RangeRequest.SortOrder.DESCEND)
            .setMaxCreateRevision(maxCreateRevision)
            .setLimit(1)
            .build())
        .compose(older -> older.getKvsCount() == 0
            ? Future.succeededFuture(older.getHeader())
            : waitFor(older.getKvs(0).getKey(), older.getHeader().getRevision(),
                    event -> event.getType() == Event.EventType.DELETE, cancellation)
                .compose(deleted -> waitDeletes(prefix, maxCreateRevision, cancellation)));
  }

  /**
   * Watches {@code key} (or a prefix when {@code rangeEnd} is set) from {@code fromRevision} and
   * completes with the first event that matches and the header of its response; the watch ends
   * then, or when the call is cancelled (the wait then fails).
   */
  Future<Observed> waitFor(ByteString key, long fromRevision, Predicate<Event> wanted,
      Cancellation cancellation) {
    return waitFor(WatchCreateRequest.newBuilder().setKey(key).setStartRevision(fromRevision),
        wanted, cancellation);
  }

  Future<Observed> waitForInPrefix(ByteString prefix, long fromRevision, Predicate<Event> wanted,
      Cancellation cancellation) {
    return waitFor(WatchCreateRequest.newBuilder()
        .setKey(prefix).setRangeEnd(prefixEnd(prefix)).setStartRevision(fromRevision), wanted,
        cancellation);
  }

  private Future<Observed> waitFor(WatchCreateRequest.Builder request, Predicate<Event> wanted,
      Cancellation cancellation) {
    Promise<Observed> seen = Promise.promise();
    WatchStream[] stream = new WatchStream[1];
    stream[0] = watches.openStream(new WatchSink() {
      @Override
      public void write(WatchResponse response) {
        if (response.getCanceled()) {
          seen.tryFail("lost watcher waiting for delete"); // compacted: etcd's error text
        }
        for (Event event : response.getEventsList()) {
          if (wanted.test(event) && seen.tryComplete(new Observed(response.getHeader(), event))) {
            stream[0].close();
            return;
          }
        }
      }

      @Override
      public boolean writeQueueFull() {
        return false; // every response is looked at and dropped at once
      }

      @Override
      public void drainHandler(Runnable onDrain) {}

      // One request, from this server: nothing to hold back.
      @Override
      public void pauseRequests() {}

      @Override
      public void resumeRequests() {}
    });
    Runnable giveUp = () -> {
      stream[0].close();
      seen.tryFail(EtcdError.CANCELED.exception());
    };
    seen.future().onComplete(done -> cancellation.forget(giveUp));
    stream[0].create(request.build());
    cancellation.whenCancelled(giveUp);
    return seen.future();
  }

  /** An event a wait was for, with the header of the watch response that carried it. */
  record Observed(ResponseHeader header, Event event) {
    KeyValue kv() {
      return event.getKv();
    }
  }

  /** The keys of the lock or election {@code name} are under {@code name/}. */
  static ByteString prefixOf(ByteString name) {
    return name.concat(ByteString.copyFromUtf8("/"));
  }

  /** A session's own key under the prefix: its lease id in hex, as clientv3/concurrency names it. */
  static ByteString sessionKey(ByteString prefix, long lease) {
    return prefix.concat(ByteString.copyFromUtf8(Long.toHexString(lease)));
  }

  /** The compare "{@code key} was created at {@code revision}" (0: does not exist). */
  static Compare createdAt(ByteString key, long revision) {
    return Compare.newBuilder().setKey(key)
        .setTarget(Compare.CompareTarget.CREATE)
        .setResult(Compare.CompareResult.EQUAL)
        .setCreateRevision(revision)
        .build();
  }

  static RangeRequest.Builder prefixRange(ByteString prefix) {
    return RangeRequest.newBuilder().setKey(prefix).setRangeEnd(prefixEnd(prefix));
  }

  /** etcd's GetPrefixRangeEnd: the prefix with its last byte below 0xff incremented. */
  static ByteString prefixEnd(ByteString prefix) {
    byte[] end = prefix.toByteArray();
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xff) {
        end[i]++;
        return ByteString.copyFrom(end, 0, i + 1);
      }
    }
    return ByteString.copyFrom(new byte[] {0}); // all 0xff: every key from the prefix on
  }
}
