package io.vetcd.api.grpc;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vetcd.api.Cancellation;
import java.util.function.BiFunction;

/**
 * Calls whose server learns when the client gives up on them, for the calls that wait (Lock,
 * Campaign, Observe): a cancel or reset of the call's stream (gRPC error CANCELLED on the request)
 * or the loss of its connection (on the response) cancels the call's {@link Cancellation}. The
 * generated handlers give a unary method only its request, hence handlers of their own.
 */
final class ClientCancels {
  private ClientCancels() {}

  /** The cancellation of {@code call}, cancelled when its client gives up. */
  static Cancellation of(GrpcServerRequest<?, ?> call) {
    Cancellation cancellation = new Cancellation();
    call.errorHandler(error -> cancellation.cancel());
    call.response().exceptionHandler(lost -> cancellation.cancel());
    return cancellation;
  }

  /** A unary method served with the call's cancellation; nothing is sent once it is cancelled. */
  static <Req, Resp> Handler<GrpcServerRequest<Req, Resp>> unary(
      BiFunction<Req, Cancellation, Future<Resp>> server) {
    return call -> {
      Cancellation cancellation = of(call);
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
