package io.vetcd.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.vertx.core.buffer.Buffer;
import io.vetcd.proto.etcdserverpb.LeaseKeepAliveResponse;
import io.vetcd.proto.etcdserverpb.ResponseHeader;
import io.vetcd.proto.etcdserverpb.WatchResponse;
import io.vetcd.proto.mvccpb.Event;
import io.vetcd.proto.mvccpb.KeyValue;
import org.junit.jupiter.api.Test;

/**
 * Converting field by field and reusing the JSON of shared message fields gives, message by
 * message, what converting each message whole gives (the simple way it replaces), whatever the
 * fields, the sharing and the layout.
 */
class SharedFieldsJsonTest {
  private static final ResponseHeader HEADER = ResponseHeader.newBuilder()
      .setClusterId(0xcdf818194e3a8c32L).setMemberId(0x8e9e05c52164694dL)
      .setRevision(7).setRaftTerm(2).build();
  private final SharedFieldsJson json = new SharedFieldsJson(WatchResponse.getDescriptor());

  @Test
  void aWatchResponseIsEtcdsGatewayJson() throws Exception {
    WatchResponse response = WatchResponse.newBuilder()
        .setHeader(ResponseHeader.newBuilder().setRevision(7))
        .setWatchId(3).addEvents(put("foo", "bar", 7)).build();
    assertEquals("{\"header\":{\"revision\":\"7\"},\"watch_id\":\"3\",\"events\":[{\"kv\":"
        + "{\"key\":\"Zm9v\",\"create_revision\":\"7\",\"mod_revision\":\"7\",\"version\":\"1\","
        + "\"value\":\"YmFy\"}}]}", json.toJson(bytes(response)));
  }

  @Test
  void watchersOfOneBatchGetTheirOwnHeadsWithTheSameEvents() throws Exception {
    WatchResponse.Builder batch = WatchResponse.newBuilder().setHeader(HEADER)
        .addEvents(put("a", "1", 7))
        .addEvents(Event.newBuilder().setType(Event.EventType.DELETE)
            .setKv(KeyValue.newBuilder().setKey(ByteString.copyFromUtf8("b")).setModRevision(7))
            .setPrevKv(KeyValue.newBuilder().setKey(ByteString.copyFromUtf8("b"))
                .setValue(ByteString.copyFromUtf8("old")).setVersion(2)));
    for (long watchId = 0; watchId < 4; watchId++) {
      assertSameAsWhole(batch.setWatchId(watchId).build());
    }
    assertSameAsWhole(batch.setFragment(true).build());
  }

  @Test
  void differentEventsUnderOneHeadAreNotConfused() throws Exception {
    String first = json.toJson(bytes(
        WatchResponse.newBuilder().setHeader(HEADER).addEvents(put("k", "one", 5)).build()));
    WatchResponse second =
        WatchResponse.newBuilder().setHeader(HEADER).addEvents(put("k", "two", 6)).build();
    assertSameAsWhole(second);
    assertNotEquals(first, json.toJson(bytes(second)));
  }

  @Test
  void messagesWithoutEventsOrWithoutHead() throws Exception {
    assertSameAsWhole(WatchResponse.newBuilder().setHeader(HEADER).setCreated(true).build());
    assertSameAsWhole(WatchResponse.newBuilder().setHeader(HEADER).setCanceled(true)
        .setCompactRevision(4).setCancelReason("mvcc: required revision has been compacted")
        .build());
    assertSameAsWhole(WatchResponse.newBuilder().addEvents(put("x", "y", 9)).build());
    assertSameAsWhole(WatchResponse.getDefaultInstance());
  }

  @Test
  void aHeadFieldAfterTheEventsIsNotReordered() throws Exception {
    // Not the number order protobuf-java writes, but valid: the message is converted whole.
    Buffer reordered = Buffer.buffer(WatchResponse.newBuilder().setWatchId(8).build().toByteArray())
        .appendBytes(WatchResponse.newBuilder().addEvents(put("a", "1", 3)).build().toByteArray())
        .appendBytes(WatchResponse.newBuilder().setHeader(HEADER).build().toByteArray());
    assertEquals(ProtoJson.toJson(WatchResponse.getDescriptor(), reordered),
        json.toJson(reordered));
  }

  @Test
  void aTypeWithoutRepeatedLastFieldIsConvertedWhole() throws Exception {
    LeaseKeepAliveResponse keepAlive =
        LeaseKeepAliveResponse.newBuilder().setHeader(HEADER).setID(42).setTTL(10).build();
    assertEquals(ProtoJson.toJson(LeaseKeepAliveResponse.getDescriptor(), bytes(keepAlive)),
        new SharedFieldsJson(LeaseKeepAliveResponse.getDescriptor()).toJson(bytes(keepAlive)));
  }

  private void assertSameAsWhole(WatchResponse response) throws InvalidProtocolBufferException {
    assertEquals(ProtoJson.toJson(WatchResponse.getDescriptor(), bytes(response)),
        json.toJson(bytes(response)));
  }

  private static Event put(String key, String value, long revision) {
    return Event.newBuilder().setKv(KeyValue.newBuilder()
        .setKey(ByteString.copyFromUtf8(key)).setValue(ByteString.copyFromUtf8(value))
        .setCreateRevision(revision).setModRevision(revision).setVersion(1)).build();
  }

  private static Buffer bytes(Message message) {
    return Buffer.buffer(message.toByteArray());
  }
}
