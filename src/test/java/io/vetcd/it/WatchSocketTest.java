package io.vetcd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The WebSocket on /v3/watch as README.md documents it: JSON frames as etcd's gateway, create,
 * cancel and progress requests on a live socket, a malformed frame answered without ending the
 * session (beyond etcd, which stops reading), and a new socket resuming after the last revision
 * seen.
 */
@Timeout(120)
class WatchSocketTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void createCancelAndProgressOnOneLiveSocket() throws Exception {
    try (ServerProcess server = ServerProcess.startUnderTest("ws")) {
      Etcdctl etcdctl = new Etcdctl(server.endpoint());
      Frames frames = Frames.open(server.endpoint());

      frames.send("{\"create_request\":{\"key\":\"" + b64("a") + "\",\"watch_id\":\"7\"}}");
      JsonNode created = frames.next();
      assertTrue(created.path("created").asBoolean(), created.toString());
      assertEquals("7", created.path("watch_id").asText());

      etcdctl.ok("put", "a", "1");
      assertEquals(b64("a"), frames.next().path("events").path(0).path("kv").path("key").asText());

      frames.send("{\"create_request\":{\"key\":\"" + b64("b") + "\",\"watch_id\":\"8\"}}");
      assertTrue(frames.next().path("created").asBoolean());
      frames.send("{\"cancel_request\":{\"watch_id\":\"7\"}}");
      JsonNode canceled = frames.next();
      assertTrue(canceled.path("canceled").asBoolean(), canceled.toString());
      assertEquals("7", canceled.path("watch_id").asText());

      frames.send("{\"create_request\":");
      JsonNode error = frames.nextFrame().path("error");
      assertEquals(3, error.path("grpc_code").asInt(), error.toString());

      etcdctl.ok("put", "a", "2"); // revision 3: no longer watched
      etcdctl.ok("put", "b", "1"); // revision 4
      JsonNode event = frames.next();
      assertEquals("8", event.path("watch_id").asText(), event.toString());
      assertEquals("4", event.path("events").path(0).path("kv").path("mod_revision").asText());

      frames.send("{\"progress_request\":{}}");
      JsonNode progress = frames.next();
      assertEquals("4", progress.path("header").path("revision").asText(), progress.toString());
      assertFalse(progress.has("events"));
      frames.close();

      etcdctl.ok("put", "b", "2"); // revision 5, while no socket is open
      Frames resumed = Frames.open(server.endpoint());
      resumed.send("{\"create_request\":{\"key\":\"" + b64("b") + "\",\"start_revision\":\"5\"}}");
      assertTrue(resumed.next().path("created").asBoolean());
      JsonNode missed = resumed.next();
      assertEquals("5", missed.path("events").path(0).path("kv").path("mod_revision").asText());
      resumed.close();
    }
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** One socket; each text message received is one frame. */
  private static final class Frames implements WebSocket.Listener {
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    static Frames open(String endpoint) throws Exception {
      Frames frames = new Frames();
      frames.socket = HttpClient.newHttpClient().newWebSocketBuilder()
          .buildAsync(URI.create("ws://" + endpoint + "/v3/watch"), frames)
          .get(10, TimeUnit.SECONDS);
      return frames;
    }

    void send(String json) throws Exception {
      socket.sendText(json, true).get(10, TimeUnit.SECONDS);
    }

    /** The next frame, whole. */
    JsonNode nextFrame() throws Exception {
      String frame = received.poll(10, TimeUnit.SECONDS);
      if (frame == null) {
        throw new AssertionError("no frame within 10 s");
      }
      return JSON.readTree(frame);
    }

    /** The "result" of the next frame. */
    JsonNode next() throws Exception {
      JsonNode frame = nextFrame();
      assertTrue(frame.has("result"), frame.toString());
      return frame.path("result");
    }

    void close() throws Exception {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        received.add(partial.toString());
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }
  }
}
