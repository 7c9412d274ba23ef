package io.vetcd.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.vetcd.proto.etcdserverpb.WatchResponse;
import io.vetcd.proto.mvccpb.Event;
import io.vetcd.proto.mvccpb.KeyValue;
import java.util.List;
import org.junit.jupiter.api.Test;

/** etcd's sendFragments rules (v3rpc/watch.go), checked on responses of known size. */
class FragmentsTest {
  private static final int VALUE_BYTES = 1000;

  @Test
  void aResponseUnderTheLimitOrWithOneEventIsSentWhole() {
    WatchResponse small = response(3);
    assertEquals(List.of(small), Fragments.split(small, small.getSerializedSize() + 1));
    WatchResponse single = response(1);
    assertEquals(List.of(single), Fragments.split(single, 10));
  }

  @Test
  void fragmentsStayUnderTheLimitAndOnlyTheLastIsUnflagged() {
    WatchResponse large = response(10);
    long limit = 3 * VALUE_BYTES + 500; // three events fit, a fourth does not
    List<WatchResponse> parts = Fragments.split(large, limit);
    assertEquals(List.of(3, 3, 3, 1), parts.stream().map(WatchResponse::getEventsCount).toList());
    for (int i = 0; i < parts.size(); i++) {
      assertTrue(parts.get(i).getSerializedSize() < limit);
      assertEquals(i < parts.size() - 1, parts.get(i).getFragment());
      assertEquals(large.getWatchId(), parts.get(i).getWatchId());
    }
    assertEquals(large.getEventsList(),
        parts.stream().flatMap(p -> p.getEventsList().stream()).toList());
  }

  @Test
  void anEventLargerThanTheLimitTravelsAlone() {
    List<WatchResponse> parts = Fragments.split(response(2), VALUE_BYTES / 2);
    assertEquals(List.of(1, 1), parts.stream().map(WatchResponse::getEventsCount).toList());
    assertTrue(parts.get(0).getFragment());
    assertFalse(parts.get(1).getFragment());
  }

  private static WatchResponse response(int events) {
    WatchResponse.Builder response = WatchResponse.newBuilder().setWatchId(7);
    for (int i = 0; i < events; i++) {
      response.addEvents(Event.newBuilder().setKv(KeyValue.newBuilder()
          .setKey(ByteString.copyFromUtf8("k" + i))
          .setValue(ByteString.copyFromUtf8("v".repeat(VALUE_BYTES)))));
    }
    return response.build();
  }
}
