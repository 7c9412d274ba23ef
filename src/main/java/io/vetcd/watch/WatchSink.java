package io.vetcd.watch;

import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import io.vetcd.proto.etcdserverpb.WatchResponse;

/**
 * Where a {@link WatchStream} writes its responses: a gRPC call, a WebSocket, a JSON-lines HTTP
 * response. Every method is called on the context that opened the stream. The stream stops
 * writing while {@link #writeQueueFull()} holds, so a client that does not read costs a bounded
 * amount of memory and its watchers fall back to catching up from the store; and it stops
 * reading requests while their answers wait ({@link #pauseRequests()}).
 */
public interface WatchSink {
  void write(WatchResponse response);

  /** True while the transport already holds as much as it should. */
  boolean writeQueueFull();

  /** Runs {@code onDrain} once the transport has room again after {@link #writeQueueFull()}. */
  void drainHandler(Runnable onDrain);

  /** Stops reading the client's requests: it is not reading the answers to earlier ones. */
  void pauseRequests();

  void resumeRequests();

  /** The sink of a Vert.x write stream (a gRPC server response is one) and its request stream. */
  static WatchSink of(WriteStream<WatchResponse> stream, ReadStream<?> requests) {
    return new WatchSink() {
      @Override
      public void pauseRequests() {
        requests.pause();
      }

      @Override
      public void resumeRequests() {
        requests.resume();
      }

      @Override
      public void write(WatchResponse response) {
        stream.write(response);
      }

      @Override
      public boolean writeQueueFull() {
        return stream.writeQueueFull();
      }

      @Override
      public void drainHandler(Runnable onDrain) {
        stream.drainHandler(v -> onDrain.run());
      }
    };
  }
}
