package io.vetcd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Base64;

/** A WebSocket on vetcd's /v3/watch, with the gateway's JSON frames (README.md). */
final class SocketWatchChannel implements WatchChannel {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** bench/ to bench0, base64 as the gateway takes bytes. */
  private static final String CREATE =
      "{\"create_request\":{\"key\":\"YmVuY2gv\",\"range_end\":\"YmVuY2gw\"}}";
  /** Base64 characters that hold the 8 stamp bytes (12 characters decode to 9 bytes). */
  private static final int STAMP_CHARS = 12;

  private final WebSocketClient client;
  private final WebSocket socket;

  private SocketWatchChannel(WebSocketClient client, WebSocket socket) {
    this.client = client;
    this.socket = socket;
  }

  static Future<WatchChannel> open(Vertx vertx, WatchBenchOptions options, Listener listener) {
    WebSocketClient client = vertx.createWebSocketClient(
        new WebSocketClientOptions().setMaxMessageSize(64 * 1024 * 1024));
    return client.connect(options.port(), options.host(), "/v3/watch").map(socket -> {
      socket.textMessageHandler(frame -> receive(frame, listener));
      return new SocketWatchChannel(client, socket);
    });
  }

  private static void receive(String frame, Listener listener) {
    JsonNode result;
    try {
      result = JSON.readTree(frame).path("result");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (result.path("created").asBoolean()) {
      listener.created();
    }
    for (JsonNode event : result.path("events")) {
      String value = event.path("kv").path("value").asText();
      byte[] stamp = Base64.getDecoder().decode(value.substring(0, STAMP_CHARS));
      listener.event(ByteBuffer.wrap(stamp).getLong());
    }
  }

  @Override
  public void createWatch() {
    socket.writeTextMessage(CREATE);
  }

  @Override
  public void stopReading() {
    socket.pause();
  }

  @Override
  public Future<Void> close() {
    return socket.close().eventually(client::close);
  }
}
