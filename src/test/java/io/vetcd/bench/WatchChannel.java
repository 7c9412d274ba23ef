package io.vetcd.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** One connection carrying watches of the prefix bench/: a gRPC Watch stream or a WebSocket. */
interface WatchChannel {
  /** What a channel reports: each watch created, each event's put send time. */
  interface Listener {
    default void created() {}

    void event(long stampNanos);
  }

  /** Sends one create request for a watch of the prefix bench/. */
  void createWatch();

  /** Stops reading from the connection: the server's writes back up behind it. */
  void stopReading();

  Future<Void> close();

  static Future<WatchChannel> open(Vertx vertx, WatchBenchOptions options, Listener listener) {
    return options.transport().equals("ws")
        ? SocketWatchChannel.open(vertx, options, listener)
        : GrpcWatchChannel.open(vertx, options, listener);
  }
}
