package io.vetcd.api.grpc;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.grpc.common.CodecException;
import io.vertx.grpc.common.GrpcMessage;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.WireFormat;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.Service;
import java.util.List;

/**
 * Binds generated services so that a request that cannot be decoded reaches the service as null
 * instead of resetting the stream (Vert.x answers CANCELLED); {@link GrpcErrors#answer} then
 * replies INTERNAL "grpc: error unmarshalling request", as grpc-go does for etcd. Their responses
 * are encoded by {@link UncopiedEncoding}.
 */
final class TolerantDecoding {
  private TolerantDecoding() {}

  static void bind(Service service, GrpcServer server) {
    service.bind(new Binder(server));
  }

  /** Binds one method to a handler of its own, decoding its requests as above. */
  static <Req, Resp> void bind(ServiceMethod<Req, Resp> method,
      Handler<GrpcServerRequest<Req, Resp>> handler, GrpcServer server) {
    new Binder(server).callHandler(method, handler);
  }

  private static <T> GrpcMessageDecoder<T> tolerant(GrpcMessageDecoder<T> strict) {
    return new GrpcMessageDecoder<>() {
      @Override
      public T decode(GrpcMessage message) {
        try {
          return strict.decode(message);
        } catch (CodecException malformed) {
          return null;
        }
      }

      @Override
      public boolean accepts(WireFormat format) {
        return strict.accepts(format);
      }
    };
  }

  /** Only what a generated service calls while binding itself. */
  private record Binder(GrpcServer server) implements GrpcServer {
    @Override
    public <Req, Resp> GrpcServer callHandler(
        ServiceMethod<Req, Resp> method, Handler<GrpcServerRequest<Req, Resp>> handler) {
      server.callHandler(ServiceMethod.server(method.serviceName(), method.methodName(),
          UncopiedEncoding.of(method.encoder()), tolerant(method.decoder())), handler);
      return this;
    }

    @Override
    public GrpcServer callHandler(Handler<GrpcServerRequest<io.vertx.core.buffer.Buffer,
        io.vertx.core.buffer.Buffer>> handler) {
      throw new UnsupportedOperationException();
    }

    @Override
    public GrpcServer addService(Service service) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<Service> services() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void handle(HttpServerRequest request) {
      throw new UnsupportedOperationException();
    }
  }
}
