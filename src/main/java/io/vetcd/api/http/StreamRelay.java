package io.vetcd.api.http;

import com.google.protobuf.InvalidProtocolBufferException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcStatus;

/**
 * Relays the messages of a streaming gRPC reply to a JSON sink as grpc-gateway does: each message
 * as {"result":...}, a failed status as a last {"error":...}. A sink that cannot keep up pauses
 * the reply, so a slow reader holds back its own gRPC stream (and the watch behind it), never the
 * event loop or other clients.
 */
final class StreamRelay {
  /** Where the JSON messages go: an HTTP response (one line each) or a WebSocket (one frame each). */
  interface Sink {
    Future<Void> send(String json);

    void end();

    /** The stream whose write queue tells when to stop reading the reply. */
    WriteStream<?> flow();
  }

  private StreamRelay() {}

  static void relay(
      Future<GrpcClientResponse<Buffer, Buffer>> reply, GatewayMethod method, Sink sink) {
    reply.onSuccess(r -> relayMessages(r, method, sink)).onFailure(e -> {
      sink.send(GatewayErrors.streamChunk(GrpcStatus.UNAVAILABLE, e.getMessage()));
      sink.end();
    });
  }

  private static void relayMessages(
      GrpcClientResponse<Buffer, Buffer> reply, GatewayMethod method, Sink sink) {
    WriteStream<?> flow = sink.flow();
    flow.drainHandler(v -> reply.resume());
    reply.handler(message -> {
      String json;
      try {
        json = "{\"result\":" + ProtoJson.toJson(method.output(), message) + "}";
      } catch (InvalidProtocolBufferException e) {
        json = GatewayErrors.streamChunk(GrpcStatus.INTERNAL, e.getMessage());
      }
      sink.send(json);
      if (flow.writeQueueFull()) {
        reply.pause();
      }
    });
    reply.exceptionHandler(e -> sink.end());
    reply.endHandler(v -> {
      if (reply.status() != GrpcStatus.OK) {
        sink.send(GatewayErrors.streamChunk(reply.status(), reply.statusMessage()));
      }
      sink.end();
    });
  }
}
