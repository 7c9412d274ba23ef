package io.vetcd.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vetcd.errors.EtcdError;
import io.vetcd.errors.EtcdException;
import io.vetcd.proto.etcdserverpb.WatchCreateRequest;
import org.junit.jupiter.api.Test;

/** etcd's watch id rules (mvcc/watcher.go watchStream.Watch). */
class StreamWatchersTest {
  @Test
  void autoIdsCountUpAndSkipIdsTheClientChose() {
    StreamWatchers watchers = new StreamWatchers();
    add(watchers, watchers.assignId(1));
    long first = watchers.assignId(StreamWatchers.AUTO_ID);
    add(watchers, first);
    long second = watchers.assignId(StreamWatchers.AUTO_ID);
    assertEquals(0, first);
    assertEquals(2, second, "id 1 is taken by the client");
  }

  @Test
  void aClientIdInUseIsRefusedWithEtcdsError() {
    StreamWatchers watchers = new StreamWatchers();
    add(watchers, watchers.assignId(5));
    EtcdException refused = assertThrows(EtcdException.class, () -> watchers.assignId(5));
    assertEquals(EtcdError.WATCHER_DUPLICATE_ID, refused.error());
    watchers.remove(5);
    assertEquals(5, watchers.assignId(5), "free again once canceled");
  }

  private static void add(StreamWatchers watchers, long id) {
    WatchCreateRequest request = WatchCreateRequest.getDefaultInstance();
    watchers.add(Watcher.of(null, id, request, Watcher.rangeOf(request), 1));
  }
}
