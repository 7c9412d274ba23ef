package io.vetcd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;

/**
 * vetcd's test fault hook, {@code POST /test/faults} on a member's peer port: it exists only on
 * members whose JVM was given {@code -Dvetcd.test.peer-faults=true}.
 */
final class PeerFaultHook {
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** {@code member} drops every message to and from {@code peers}. */
  void cut(ServerProcess member, List<ServerProcess> peers)
      throws IOException, InterruptedException {
    faults(member, peers.stream().map(p -> "\"" + p.name() + "\"")
        .collect(Collectors.joining(",", "{\"cut\":[", "]}")));
  }

  /** {@code member} cuts the next snapshot it sends after {@code bytes}, as a lost connection. */
  void cutNextSnapshot(ServerProcess member, long bytes) throws IOException, InterruptedException {
    faults(member, "{\"cutSnapshotAfter\":" + bytes + "}");
  }

  void heal(ServerProcess member) throws IOException, InterruptedException {
    faults(member, "{}");
  }

  private void faults(ServerProcess member, String json) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + member.peerPort() + "/test/faults"))
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
  }
}
