package io.vetcd.it;

import static io.vetcd.it.EtcdGrpc.bytes;

import com.google.protobuf.ByteString;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientOptions;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vetcd.proto.etcdserverpb.EtcdWatchGrpcClient;
import io.vetcd.proto.etcdserverpb.WatchCancelRequest;
import io.vetcd.proto.etcdserverpb.WatchCreateRequest;
import io.vetcd.proto.etcdserverpb.WatchProgressRequest;
import io.vetcd.proto.etcdserverpb.WatchRequest;
import io.vetcd.proto.etcdserverpb.WatchResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One etcdserverpb.Watch stream through the generated Vert.x gRPC client: requests go out as they
 * are sent, responses are queued for the test to take in order. {@link #pause()} stops reading,
 * so HTTP/2 flow control pushes back on the server, as a client that does not read would.
 */
final class WatchCall implements AutoCloseable {
  private static final long RESPONSE_TIMEOUT_SECONDS = 20;

  private final Vertx vertx = Vertx.vertx();
  /** Room for large responses (the client's default is 256 KiB; etcd's can be far larger). */
  private final GrpcClient client = GrpcClient.client(vertx,
      new GrpcClientOptions().setMaxMessageSize(16 * 1024 * 1024));
  private final LinkedBlockingQueue<WatchResponse> responses = new LinkedBlockingQueue<>();
  private final GrpcClientRequest<WatchRequest, WatchResponse> request;
  private volatile GrpcClientResponse<WatchRequest, WatchResponse> response;

  WatchCall(int port) throws Exception {
    request = client.request(SocketAddress.inetSocketAddress(port, "127.0.0.1"),
        EtcdWatchGrpcClient.Watch).toCompletionStage().toCompletableFuture().get(
            RESPONSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    // The server answers headers with its first response, after the first request.
    request.response().onSuccess(started -> {
      response = started;
      started.handler(responses::add);
    });
  }

  static WatchCreateRequest.Builder watch(String key) {
    return WatchCreateRequest.newBuilder().setKey(bytes(key));
  }

  static WatchCreateRequest.Builder watchPrefix(String prefix) {
    byte[] end = prefix.getBytes(StandardCharsets.UTF_8);
    end[end.length - 1]++;
    return watch(prefix).setRangeEnd(ByteString.copyFrom(end));
  }

  WatchCall create(WatchCreateRequest.Builder create) {
    return send(WatchRequest.newBuilder().setCreateRequest(create).build());
  }

  /** Creates a watch and returns the created response. */
  WatchResponse created(WatchCreateRequest.Builder create) {
    create(create);
    WatchResponse created = next();
    if (!created.getCreated()) {
      throw new AssertionError("expected a created response, got " + created);
    }
    return created;
  }

  WatchCall cancel(long watchId) {
    return send(WatchRequest.newBuilder()
        .setCancelRequest(WatchCancelRequest.newBuilder().setWatchId(watchId)).build());
  }

  WatchCall requestProgress() {
    return send(WatchRequest.newBuilder()
        .setProgressRequest(WatchProgressRequest.getDefaultInstance()).build());
  }

  private WatchCall send(WatchRequest watchRequest) {
    request.write(watchRequest); // in order: Vert.x queues writes onto the stream's event loop
    return this;
  }

  /** The next response; fails the test after a timeout. */
  WatchResponse next() {
    WatchResponse next = poll(RESPONSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (next == null) {
      throw new AssertionError("no watch response within " + RESPONSE_TIMEOUT_SECONDS + " s");
    }
    return next;
  }

  /** The next response within the time given, or null. */
  WatchResponse poll(long timeout, TimeUnit unit) {
    try {
      return responses.poll(timeout, unit);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Responses until they carry {@code events} events in all (fails after the timeout). */
  List<WatchResponse> untilEvents(int events) {
    List<WatchResponse> received = new ArrayList<>();
    int count = 0;
    while (count < events) {
      WatchResponse next = next();
      received.add(next);
      count += next.getEventsCount();
    }
    return received;
  }

  /** "revision key value" per event, in the order received. */
  static List<String> events(List<WatchResponse> responses) {
    return responses.stream().flatMap(r -> r.getEventsList().stream())
        .map(e -> e.getKv().getModRevision() + " " + e.getKv().getKey().toStringUtf8() + " "
            + e.getKv().getValue().toStringUtf8())
        .toList();
  }

  /** Whether the client holds as many unsent requests as it should (the server is not reading). */
  boolean writeQueueFull() {
    return request.writeQueueFull();
  }

  /** Stops reading; call it once a response has arrived. */
  void pause() {
    response.pause();
  }

  void resume() {
    response.resume();
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(
        RESPONSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }
}
