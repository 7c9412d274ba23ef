package io.vetcd.bench;

import com.google.protobuf.ByteString;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientOptions;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vetcd.proto.etcdserverpb.EtcdWatchGrpcClient;
import io.vetcd.proto.etcdserverpb.WatchCreateRequest;
import io.vetcd.proto.etcdserverpb.WatchRequest;
import io.vetcd.proto.etcdserverpb.WatchResponse;
import io.vetcd.proto.mvccpb.Event;
import java.nio.charset.StandardCharsets;

/** A gRPC Watch stream on a connection of its own. */
final class GrpcWatchChannel implements WatchChannel {
  private static final WatchRequest CREATE = WatchRequest.newBuilder().setCreateRequest(
      WatchCreateRequest.newBuilder()
          .setKey(ByteString.copyFrom("bench/", StandardCharsets.US_ASCII))
          .setRangeEnd(ByteString.copyFrom("bench0", StandardCharsets.US_ASCII))).build();

  private final GrpcClient client;
  private final GrpcClientRequest<WatchRequest, WatchResponse> stream;

  private GrpcWatchChannel(GrpcClient client, GrpcClientRequest<WatchRequest, WatchResponse> stream) {
    this.client = client;
    this.stream = stream;
  }

  static Future<WatchChannel> open(Vertx vertx, WatchBenchOptions options, Listener listener) {
    GrpcClient client = GrpcClient.client(vertx,
        new GrpcClientOptions().setMaxMessageSize(64 * 1024 * 1024),
        new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
            .setHttp2ClearTextUpgrade(false));
    return client.request(SocketAddress.inetSocketAddress(options.port(), options.host()),
        EtcdWatchGrpcClient.Watch).map(stream -> {
          stream.response().onSuccess(response -> response.handler(r -> receive(r, listener)));
          return new GrpcWatchChannel(client, stream);
        });
  }

  private static void receive(WatchResponse response, Listener listener) {
    if (response.getCreated()) {
      listener.created();
    }
    for (Event event : response.getEventsList()) {
      listener.event(event.getKv().getValue().asReadOnlyByteBuffer().getLong(0));
    }
  }

  @Override
  public void createWatch() {
    stream.write(CREATE);
  }

  @Override
  public void stopReading() {
    stream.response().onSuccess(response -> response.pause());
  }

  @Override
  public Future<Void> close() {
    stream.cancel();
    return client.close();
  }
}
