package io.vetcd.api.grpc;

import io.vertx.core.Future;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.StatusException;
import io.vetcd.errors.EtcdError;
import io.vetcd.errors.EtcdException;
import java.util.function.Function;

/** The one mapping from domain failures to gRPC statuses, with etcd's exact messages. */
final class GrpcErrors {
  private static final String UNPARSABLE =
      "grpc: error unmarshalling request: malformed protobuf message";

  private GrpcErrors() {}

  /** Serves a decoded request; null means it could not be decoded (see TolerantDecoding). */
  static <Req, Resp> Future<Resp> answer(Req request, Function<Req, Future<Resp>> server) {
    if (request == null) {
      return Future.failedFuture(new StatusException(GrpcStatus.INTERNAL, UNPARSABLE));
    }
    return mapped(server.apply(request));
  }

  static <T> Future<T> mapped(Future<T> result) {
    return result.recover(failure -> Future.failedFuture(toStatus(failure)));
  }

  static StatusException toStatus(Throwable failure) {
    if (failure instanceof StatusException status) {
      return status;
    }
    if (failure instanceof EtcdException etcd) {
      EtcdError error = etcd.error();
      return new StatusException(GrpcStatus.valueOf(error.code.number), error.message);
    }
    return new StatusException(GrpcStatus.UNKNOWN, String.valueOf(failure.getMessage()));
  }
}
