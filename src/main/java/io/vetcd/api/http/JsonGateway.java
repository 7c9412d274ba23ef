package io.vetcd.api.http;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * etcd's HTTP/JSON gateway on the client port: POST /v3/... (or /v3beta/...) with a JSON body
 * calls the gRPC method of that path on this member and answers its response as JSON. A streaming
 * method answers one {"result":...} line per message; its request body may carry several JSON
 * objects. A WebSocket on a path carries the same JSON, one message per frame
 * ({@link GatewaySocket}).
 */
final class JsonGateway {
  private static final String JSON_TYPE = "application/json";

  private final Map<String, GatewayMethod> methods = GatewayPaths.all();
  /** Per streamed response type, shared by this event loop's streams of that type. */
  private final Map<Descriptor, SharedFieldsJson> streamJson = new HashMap<>();
  private final Loopback loopback;
  private final BoundedBody bodies;
  private final long maxMessageBytes;

  /** {@code maxMessageBytes}: the member's gRPC message limit, which bounds request bodies. */
  JsonGateway(Loopback loopback, long maxMessageBytes) {
    this.loopback = loopback;
    this.bodies = new BoundedBody(maxMessageBytes);
    this.maxMessageBytes = maxMessageBytes;
  }

  /** Whether {@code path} belongs to the gateway (etcd's /v3/ and /v3beta/ trees). */
  static boolean serves(String path) {
    return path.startsWith("/v3/") || path.startsWith("/v3beta/");
  }

  void handle(HttpServerRequest request) {
    GatewayMethod method = methods.get(request.path());
    if (method == null) {
      goError(request.response(), 404, "Not Found");
    } else if (request.canUpgradeToWebSocket()) {
      GatewaySocket.accept(request, method, streamJson(method), loopback);
    } else if (request.method() != HttpMethod.POST) {
      goError(request.response(), 405, "Method Not Allowed");
    } else if (method.clientStreaming() || method.serverStreaming()) {
      stream(request, method);
    } else {
      unary(request, method);
    }
  }

  private void unary(HttpServerRequest request, GatewayMethod method) {
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    HttpServerResponse response = request.response();
    withMessage(request, method, message -> loopback.call(method, authorization)
        .compose(call -> call.end(message).compose(v -> call.response()))
        .onSuccess(reply -> answerOne(reply, method, response))
        .onFailure(e -> fail(response, GrpcStatus.UNAVAILABLE, e.getMessage())));
  }

  /**
   * Reads the body as one request message; a malformed one is answered 400, as etcd does, and
   * one too large for the member's gRPC limit 429 with grpc-go's message, as etcd's gRPC server
   * refuses it (counting the JSON bytes read, where etcd counts the message's).
   */
  private void withMessage(
      HttpServerRequest request, GatewayMethod method, Consumer<Buffer> then) {
    bodies.read(request).onFailure(e -> {
      if (e instanceof BoundedBody.TooLarge large) {
        refuseTooLarge(request, large.bytes);
      }
    }).onSuccess(body -> {
      Buffer message;
      try {
        message = ProtoJson.toProto(method.input(), body.toString());
      } catch (InvalidProtocolBufferException e) {
        fail(request.response(), GrpcStatus.INVALID_ARGUMENT, ProtoJson.reason(e));
        return;
      }
      then.accept(message);
    });
  }

  /** Collects the one message of a unary reply, then answers it or the call's error. */
  private static void answerOne(
      GrpcClientResponse<Buffer, Buffer> reply, GatewayMethod method, HttpServerResponse response) {
    Buffer[] message = new Buffer[1];
    reply.handler(m -> message[0] = m);
    reply.exceptionHandler(e -> fail(response, GrpcStatus.UNAVAILABLE, e.getMessage()));
    reply.endHandler(v -> {
      if (reply.status() != GrpcStatus.OK || message[0] == null) {
        fail(response, reply.status(), reply.statusMessage());
        return;
      }
      try {
        response.putHeader(HttpHeaders.CONTENT_TYPE, JSON_TYPE)
            .end(ProtoJson.toJson(method.output(), message[0]));
      } catch (InvalidProtocolBufferException e) {
        fail(response, GrpcStatus.INTERNAL, e.getMessage());
      }
    });
  }

  /**
   * A streaming call. A client stream sends each JSON object of the body as it arrives; otherwise
   * the body is the one request message, parsed before the call as etcd's gateway does.
   */
  private void stream(HttpServerRequest request, GatewayMethod method) {
    if (method.clientStreaming()) {
      request.pause();
      open(request, method, call -> {
        forwardBody(request, method, call);
        request.resume();
      });
    } else {
      withMessage(request, method, message -> open(request, method, call -> call.end(message)));
    }
  }

  private SharedFieldsJson streamJson(GatewayMethod method) {
    return streamJson.computeIfAbsent(method.output(), SharedFieldsJson::new);
  }

  /**
   * Opens the call and relays its reply: like grpc-gateway's ForwardResponseStream, the 200 and
   * headers go out at once, then one line per message; a failure becomes a last {"error":...}.
   */
  private void open(HttpServerRequest request, GatewayMethod method,
      Consumer<GrpcClientRequest<Buffer, Buffer>> feed) {
    HttpServerResponse response = request.response()
        .setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, JSON_TYPE);
    loopback.call(method, request.getHeader(HttpHeaders.AUTHORIZATION)).onComplete(opened -> {
      if (opened.failed()) {
        fail(response, GrpcStatus.UNAVAILABLE, opened.cause().getMessage());
        return;
      }
      GrpcClientRequest<Buffer, Buffer> call = opened.result();
      response.writeHead();
      // The client went away: end the call, as a cancelled request context does in etcd.
      response.closeHandler(v -> call.cancel());
      StreamRelay.relay(call.response(), streamJson(method), new StreamRelay.Sink(
          json -> response.write(json + "\n"), response::end, response));
      feed.accept(call);
    });
  }

  /**
   * Sends each JSON object of the body as one request message, then half-closes the call. The
   * body is read only as fast as the call takes messages, and an object past the body bound ends
   * the stream with the error etcd's gRPC server gives for a message over its limit.
   */
  private void forwardBody(
      HttpServerRequest request, GatewayMethod method, GrpcClientRequest<Buffer, Buffer> call) {
    JsonValueSplitter splitter = new JsonValueSplitter();
    boolean[] stopped = new boolean[1];
    call.drainHandler(v -> request.resume());
    request.handler(chunk -> {
      if (stopped[0]) {
        return; // the call has ended: the rest of the body is dropped as it arrives
      }
      for (String value : splitter.feed(chunk)) {
        stopped[0] = stopped[0] || !send(call, method, value);
      }
      if (!stopped[0] && bodies.exceeded(splitter.pendingBytes())) {
        stopped[0] = true;
        call.cancel();
        request.response().end(GatewayErrors.streamChunk(
            GrpcStatus.RESOURCE_EXHAUSTED, tooLarge(splitter.pendingBytes())) + "\n");
      }
      if (call.writeQueueFull()) {
        request.pause();
      }
    });
    request.endHandler(v -> {
      String rest = splitter.rest();
      if (!stopped[0] && (rest.isBlank() || send(call, method, rest))) {
        call.end();
      }
    });
  }

  /**
   * Sends one message; a malformed one half-closes the call instead, as etcd's gateway stops
   * reading the body at the first value it cannot decode.
   */
  private static boolean send(
      GrpcClientRequest<Buffer, Buffer> call, GatewayMethod method, String json) {
    try {
      call.write(ProtoJson.toProto(method.input(), json));
      return true;
    } catch (InvalidProtocolBufferException e) {
      call.end();
      return false;
    }
  }

  private void refuseTooLarge(HttpServerRequest request, long bytes) {
    if (request.version() != HttpVersion.HTTP_2) {
      // The rest of the body is not read: the connection ends with the answer (over HTTP/2 only
      // the stream ends, and its unread data is dropped).
      request.response().putHeader(HttpHeaders.CONNECTION, "close")
          .endHandler(v -> request.connection().close());
    }
    fail(request.response(), GrpcStatus.RESOURCE_EXHAUSTED, tooLarge(bytes));
  }

  private String tooLarge(long bytes) {
    return String.format(
        "grpc: received message larger than max (%d vs. %d)", bytes, maxMessageBytes);
  }

  /** grpc-gateway's answer outside gRPC (unknown path, wrong method): Go's http.Error. */
  private static void goError(HttpServerResponse response, int status, String text) {
    response.setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
        .putHeader("X-Content-Type-Options", "nosniff")
        .end(text + "\n");
  }

  private static void fail(HttpServerResponse response, GrpcStatus status, String message) {
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(GatewayErrors.httpStatus(status))
        .putHeader(HttpHeaders.CONTENT_TYPE, JSON_TYPE)
        .end(GatewayErrors.body(status, message));
  }
}
