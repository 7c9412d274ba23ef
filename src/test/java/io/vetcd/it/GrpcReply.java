package io.vetcd.it;

import io.vertx.grpc.common.GrpcStatus;

/** The outcome of one unary gRPC call: status, status message and the response when OK. */
record GrpcReply<T>(GrpcStatus status, String message, T response) {

  /** The response, or an AssertionError naming the status the server answered instead. */
  T ok() {
    if (status != GrpcStatus.OK) {
      throw new AssertionError("expected OK, got " + describe());
    }
    return response;
  }

  /** Status name and message, as a test failure should show them. */
  String describe() {
    return statusName() + " \"" + message + "\"";
  }

  String statusName() {
    return status == null ? "no status" : status.name();
  }
}
