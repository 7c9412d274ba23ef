package io.vetcd.api.http;

import com.google.protobuf.InvalidProtocolBufferException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcStatus;
import java.util.function.Function;

/**
 * Relays the messages of a streaming gRPC reply to a JSON sink as grpc-gateway does: each message
 * as {"result":...}, a failed status as a last {"error":...}. A sink that cannot keep up pauses
 * the reply, so a slow reader holds back its own gRPC stream (and the watch behind it), never the
 * event loop or other clients.
 */
final class StreamRelay {
  /**
   * Where the JSON messages go: an HTTP response (one line each) or a WebSocket (one frame each);
   * {@code flow} is the stream whose write queue tells when to stop reading the reply.
   */
  record Sink(Function<String, Future<Void>> send, Runnable end, WriteStream<?> flow) {}

  private StreamRelay() {}

  static void relay(
      Future<GrpcClientResponse<Buffer, Buffer>> reply, SharedFieldsJson json, Sink sink) {
    reply.onSuccess(r -> relayMessages(r, json, sink)).onFailure(e -> {
      sink.send().apply(GatewayErrors.streamChunk(GrpcStatus.UNAVAILABLE, e.getMessage()));
      sink.end().run();
    });
  }

  private static void relayMessages(
      GrpcClientResponse<Buffer, Buffer> reply, SharedFieldsJson json, Sink sink) {
    WriteStream<?> flow = sink.flow();
    flow.drainHandler(v -> reply.resume());
    reply.handler(message -> {
      String line;
      try {
        line = "{\"result\":" + json.toJson(message) + "}";
      } catch (InvalidProtocolBufferException e) {
        line = GatewayErrors.streamChunk(GrpcStatus.INTERNAL, e.getMessage());
      }
      sink.send().apply(line);
      if (flow.writeQueueFull()) {
        reply.pause();
      }
    });
    reply.exceptionHandler(e -> sink.end().run());
    reply.endHandler(v -> {
      if (reply.status() != GrpcStatus.OK) {
        sink.send().apply(GatewayErrors.streamChunk(reply.status(), reply.statusMessage()));
      }
      sink.end().run();
    });
  }
}
