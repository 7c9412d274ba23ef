package io.vetcd.it;

import com.google.protobuf.ByteString;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientOptions;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcErrorException;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vetcd.proto.etcdserverpb.EtcdKVGrpcClient;
import io.vetcd.proto.etcdserverpb.EtcdMaintenanceGrpcClient;
import io.vetcd.proto.etcdserverpb.PutRequest;
import io.vetcd.proto.etcdserverpb.PutResponse;
import io.vetcd.proto.etcdserverpb.RangeRequest;
import io.vetcd.proto.etcdserverpb.RangeResponse;
import io.vetcd.proto.etcdserverpb.StatusRequest;
import io.vetcd.proto.etcdserverpb.StatusResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A blocking façade over the generated Vert.x gRPC client, for tests that need exact statuses and
 * messages: every call returns a {@link GrpcReply} instead of a failed future.
 */
final class EtcdGrpc implements AutoCloseable {
  private static final long CALL_TIMEOUT_SECONDS = 20;

  private final Vertx vertx = Vertx.vertx();
  /** Room for responses near etcd's request limit (the client's default is far smaller). */
  private final GrpcClient client = GrpcClient.client(vertx,
      new GrpcClientOptions().setMaxMessageSize(16 * 1024 * 1024));
  private final SocketAddress address;

  EtcdGrpc(int port) {
    this.address = SocketAddress.inetSocketAddress(port, "127.0.0.1");
  }

  <Req, Resp> GrpcReply<Resp> call(ServiceMethod<Resp, Req> method, Req request) {
    return await(client.request(address, method)
        .compose(call -> call.send(request))
        .compose(EtcdGrpc::reply)
        .recover(EtcdGrpc::streamReset));
  }

  /** Sends `body` as the message of `service/method` without encoding it: any bytes at all. */
  GrpcReply<Buffer> callRaw(String service, String method, byte[] body) {
    String[] parts = service.split("\\.", 2);
    return await(client.request(address)
        .compose(call -> call.serviceName(ServiceName.create(parts[0], parts[1]))
            .methodName(method)
            .send(Buffer.buffer(body)))
        .compose(EtcdGrpc::reply)
        .recover(EtcdGrpc::streamReset));
  }

  GrpcReply<PutResponse> put(String key, String value) {
    return call(EtcdKVGrpcClient.Put, PutRequest.newBuilder().setKey(bytes(key))
        .setValue(bytes(value)).build());
  }

  GrpcReply<RangeResponse> get(String key) {
    return call(EtcdKVGrpcClient.Range, RangeRequest.newBuilder().setKey(bytes(key)).build());
  }

  /** Maintenance.Status of the member at {@code clientPort}, on a client of its own. */
  static StatusResponse statusOf(int clientPort) {
    try (EtcdGrpc client = new EtcdGrpc(clientPort)) {
      return client.call(EtcdMaintenanceGrpcClient.Status, StatusRequest.getDefaultInstance()).ok();
    }
  }

  static ByteString bytes(String text) {
    return ByteString.copyFrom(text, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    await(client.close().compose(v -> vertx.close()));
  }

  private static <Req, Resp> Future<GrpcReply<Resp>> reply(GrpcClientResponse<Req, Resp> response) {
    return response.last().transform(last -> Future.succeededFuture(new GrpcReply<>(
        response.status(), last.succeeded() || response.status() != null
            ? response.statusMessage() : "client-side failure: " + last.cause(),
        last.succeeded() ? last.result() : null)));
  }

  /** A server that resets the stream instead of answering a status still gives a reply. */
  private static <T> Future<GrpcReply<T>> streamReset(Throwable failure) {
    if (failure instanceof GrpcErrorException reset) {
      return Future.succeededFuture(new GrpcReply<>(reset.status(),
          "stream reset by the server (" + reset.error() + "), no status sent", null));
    }
    return Future.failedFuture(failure);
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture()
          .get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("gRPC call failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("gRPC call got no answer within " + CALL_TIMEOUT_SECONDS
          + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
