package io.vetcd.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.grpc.common.GrpcStatus;

/**
 * How etcd 3.4's grpc-gateway (v1) reports a gRPC failure over HTTP: the status of
 * runtime.HTTPStatusFromCode and the JSON body of runtime.DefaultHTTPError, or inside a stream the
 * "error" chunk of runtime.ForwardResponseStream.
 */
final class GatewayErrors {
  private static final ObjectMapper JSON = new ObjectMapper();

  private GatewayErrors() {}

  static int httpStatus(GrpcStatus status) {
    return switch (status) {
      case OK -> 200;
      case CANCELLED -> 408;
      case INVALID_ARGUMENT, OUT_OF_RANGE -> 400;
      case DEADLINE_EXCEEDED -> 504;
      case NOT_FOUND -> 404;
      case ALREADY_EXISTS, ABORTED -> 409;
      case PERMISSION_DENIED -> 403;
      case UNAUTHENTICATED -> 401;
      case RESOURCE_EXHAUSTED -> 429;
      case FAILED_PRECONDITION -> 412;
      case UNIMPLEMENTED -> 501;
      case UNAVAILABLE -> 503;
      case UNKNOWN, INTERNAL, DATA_LOSS -> 500;
    };
  }

  /** The body of a failed unary call: {"error":msg,"code":n,"message":msg}. */
  static String body(GrpcStatus status, String message) {
    String text = message == null ? "" : message;
    return JSON.createObjectNode()
        .put("error", text)
        .put("code", status.code)
        .put("message", text)
        .toString();
  }

  /** The last line of a failed stream; its message is grpc-go's error text, as etcd prints it. */
  static String streamChunk(GrpcStatus status, String message) {
    int http = httpStatus(status);
    ObjectNode error = JSON.createObjectNode()
        .put("grpc_code", status.code)
        .put("http_code", http)
        .put("message", "rpc error: code = " + goName(status) + " desc = "
            + (message == null ? "" : message))
        .put("http_status", HttpResponseStatus.valueOf(http).reasonPhrase());
    return JSON.createObjectNode().set("error", error).toString();
  }

  /** grpc-go's codes.Code.String(): "OutOfRange" for OUT_OF_RANGE. */
  private static String goName(GrpcStatus status) {
    if (status == GrpcStatus.CANCELLED) {
      return "Canceled";
    }
    StringBuilder name = new StringBuilder();
    for (String word : status.name().split("_")) {
      name.append(word.charAt(0)).append(word.substring(1).toLowerCase());
    }
    return name.toString();
  }
}
