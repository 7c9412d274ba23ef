package io.vetcd.api.grpc;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vetcd.api.Cancellation;
import java.util.function.BiFunction;

/**
 * A unary call whose server learns when the client gives up on it: a cancel or reset of the
 * stream, or the loss of the connection, cancels the call's {@link Cancellation}. For the calls
 * that wait (Lock, Campaign); the generated handler of a unary method gives the server only the
 * request.
 */
final class CancellableUnary {
  private CancellableUnary() {}

  static <Req, Resp> Handler<GrpcServerRequest<Req, Resp>> handler(
      BiFunction<Req, Cancellation, Future<Resp>> server) {
    return call -> {
      Cancellation cancellation = new Cancellation();
      call.response().exceptionHandler(reset -> cancellation.cancel());
      call.handler(request -> GrpcErrors.answer(request, r -> server.apply(r, cancellation))
          .onComplete((response, failure) -> {
            if (cancellation.isCancelled()) {
              return; // the stream is gone
            }
            if (failure == null) {
              call.response().end(response);
            } else {
              call.response().fail(failure);
            }
          }));
    };
  }
}
