package io.vetcd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.vetcd.proto.etcdserverpb.PutRequest;
import io.vetcd.proto.etcdserverpb.RangeRequest;
import io.vetcd.proto.etcdserverpb.RangeResponse;
import io.vetcd.proto.etcdserverpb.WatchCreateRequest;
import io.vetcd.proto.etcdserverpb.WatchRequest;
import io.vetcd.proto.etcdserverpb.WatchResponse;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * gRPC-Web on the client port, over HTTP/1.1 as a browser sends it, with no proxy in between:
 * unary Range in both the binary and the base64 text format, and Watch. gRPC-Web has no client
 * streaming, so Watch over it is a server stream: the body carries the create request, and the
 * events follow in the response while the call lasts.
 */
@Timeout(60)
class GrpcWebTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final byte TRAILER_FLAG = (byte) 0x80;
  private static ServerProcess server;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void startMember() throws IOException {
    server = ServerProcess.startUnderTest("grpcweb");
  }

  @AfterAll
  static void stopMember() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void rangeAnswersInBinaryGrpcWeb() throws Exception {
    call("KV/Put", put("web/a", "1"), "application/grpc-web+proto");
    InputStream body = call("KV/Range", range("web/a"), "application/grpc-web+proto");
    RangeResponse response = RangeResponse.parseFrom(readFrame(body).payload);
    assertEquals("1", response.getKvs(0).getValue().toStringUtf8());
    Frame trailer = readFrame(body);
    assertEquals(TRAILER_FLAG, trailer.flags);
    assertTrue(new String(trailer.payload, StandardCharsets.US_ASCII).contains("grpc-status:0"));
  }

  @Test
  void rangeAnswersInTextGrpcWeb() throws Exception {
    call("KV/Put", put("web/t", "text"), "application/grpc-web+proto");
    byte[] framed = frame(range("web/t"));
    HttpResponse<String> answer = HTTP.send(request("KV/Range", "application/grpc-web-text")
            .POST(HttpRequest.BodyPublishers.ofString(Base64.getEncoder().encodeToString(framed)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode());
    assertTrue(answer.headers().firstValue("content-type").orElse("").startsWith(
        "application/grpc-web-text"));
    InputStream decoded = new java.io.ByteArrayInputStream(decodeText(answer.body()));
    RangeResponse response = RangeResponse.parseFrom(readFrame(decoded).payload);
    assertEquals("text", response.getKvs(0).getValue().toStringUtf8());
  }

  @Test
  void watchStreamsEventsOverGrpcWeb() throws Exception {
    WatchRequest create = WatchRequest.newBuilder().setCreateRequest(
        WatchCreateRequest.newBuilder().setKey(ByteString.copyFromUtf8("web/w"))).build();
    try (InputStream events = call("Watch/Watch", create, "application/grpc-web+proto")) {
      WatchResponse created = WatchResponse.parseFrom(readFrame(events).payload);
      assertTrue(created.getCreated(), created.toString());
      call("KV/Put", put("web/w", "seen"), "application/grpc-web+proto");
      WatchResponse event = WatchResponse.parseFrom(readFrame(events).payload);
      assertEquals(1, event.getEventsCount(), event.toString());
      assertEquals("seen", event.getEvents(0).getKv().getValue().toStringUtf8());
    }
  }

  private static PutRequest put(String key, String value) {
    return PutRequest.newBuilder().setKey(ByteString.copyFromUtf8(key))
        .setValue(ByteString.copyFromUtf8(value)).build();
  }

  private static RangeRequest range(String key) {
    return RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8(key)).build();
  }

  /** POSTs one framed message; the answer's body is read frame by frame as it arrives. */
  private static InputStream call(String method, Message message, String contentType)
      throws IOException, InterruptedException {
    HttpResponse<InputStream> answer = HTTP.send(request(method, contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(frame(message)))
            .build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, answer.statusCode());
    return answer.body();
  }

  private static HttpRequest.Builder request(String method, String contentType) {
    return HttpRequest.newBuilder(
            URI.create("http://" + server.endpoint() + "/etcdserverpb." + method))
        .timeout(TIMEOUT)
        .header("content-type", contentType)
        .header("x-grpc-web", "1");
  }

  /** gRPC's length-prefixed message: flags byte 0, then the length as a big-endian int. */
  private static byte[] frame(Message message) throws IOException {
    byte[] bytes = message.toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
    out.write(bytes);
    return out.toByteArray();
  }

  private record Frame(byte flags, byte[] payload) {}

  private static Frame readFrame(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    byte flags = data.readByte();
    byte[] payload = new byte[data.readInt()];
    data.readFully(payload);
    return new Frame(flags, payload);
  }

  /** The text format base64-encodes each frame on its own, so the body may hold several runs. */
  private static byte[] decodeText(String body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String run : body.split("(?<==)(?=[^=])")) {
      out.write(Base64.getDecoder().decode(run));
    }
    return out.toByteArray();
  }
}
