package io.vetcd.api.http;

import com.google.protobuf.InvalidProtocolBufferException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.common.GrpcStatus;

/**
 * A WebSocket on a gateway path, as etcd 3.4 accepts one (its gateway is wrapped in
 * grpc-websocket-proxy): each text frame in is one JSON request message, sent on the gRPC stream
 * as it arrives, and each message out is one {"result":...} text frame, so on /v3/watch a live
 * socket can create, cancel and ask for progress at any time. Closing the socket cancels the call.
 */
final class GatewaySocket {
  private GatewaySocket() {}

  static void accept(HttpServerRequest request, GatewayMethod method, SharedFieldsJson replies,
      Loopback loopback) {
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    request.toWebSocket().onSuccess(socket -> {
      socket.pause();
      loopback.call(method, authorization).onComplete(opened -> {
        if (opened.failed()) {
          socket.close((short) 1011, "gRPC call failed: " + opened.cause().getMessage());
          return;
        }
        GrpcClientRequest<Buffer, Buffer> call = opened.result();
        socket.closeHandler(v -> call.cancel());
        StreamRelay.relay(call.response(), replies, new StreamRelay.Sink(
            socket::writeTextMessage, socket::close, socket));
        // Frames are read only as fast as the call takes them: a client that sends and never
        // reads ends up held back by TCP, as etcd's proxy holds it.
        call.drainHandler(v -> socket.resume());
        socket.textMessageHandler(json -> {
          forward(socket, call, method, json);
          if (call.writeQueueFull()) {
            socket.pause();
          }
        });
        socket.resume();
      });
    });
  }

  /**
   * Sends one frame's message. A malformed frame is answered with an error frame and skipped,
   * where etcd's proxy silently stops reading the socket: the client learns of its mistake, and
   * the session's other watches and later requests go on.
   */
  private static void forward(ServerWebSocket socket, GrpcClientRequest<Buffer, Buffer> call,
      GatewayMethod method, String json) {
    try {
      call.write(ProtoJson.toProto(method.input(), json));
    } catch (InvalidProtocolBufferException e) {
      socket.writeTextMessage(
          GatewayErrors.streamChunk(GrpcStatus.INVALID_ARGUMENT, ProtoJson.reason(e)));
    }
  }
}
