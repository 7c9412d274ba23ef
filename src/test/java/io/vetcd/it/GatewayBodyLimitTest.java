package io.vetcd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The gateway reads a request body only up to what a gRPC message of the member's limit
 * (--max-request-bytes plus etcd's 512 KiB of gRPC overhead: 525312 bytes here) can take in JSON,
 * twice that, and answers a larger one as etcd's gRPC server refuses an oversized message: HTTP
 * 429, code 8, "grpc: received message larger than max (N vs. 525312)" (checked against etcd
 * 3.4.23 on a 600 kB message), counting the body's bytes. The member goes on serving.
 */
@Timeout(120)
class GatewayBodyLimitTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MAX_MESSAGE = "525312";

  @Test
  void aDeclaredLengthPastTheBoundIsRefusedBeforeTheBodyArrives() throws Exception {
    try (ServerProcess server = ServerProcess.startUnderTest("gw-length",
            "--max-request-bytes", "1024");
        Socket socket = new Socket("127.0.0.1", server.clientPort())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /v3/kv/put HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 104857600\r\n"
          + "\r\n{\"key\":").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answer = new String(socket.getInputStream().readNBytes(2048),
          StandardCharsets.UTF_8);
      assertTrue(answer.startsWith("HTTP/1.1 429 "), answer);
      assertTrue(answer.contains("\"error\":\"grpc: received message larger than max "
          + "(104857600 vs. " + MAX_MESSAGE + ")\""), answer);
      assertStillServes(server);
    }
  }

  @Test
  void aStreamedBodyPastTheBoundIsRefused() throws Exception {
    try (ServerProcess server = ServerProcess.startUnderTest("gw-chunked",
        "--max-request-bytes", "1024")) {
      // A valid request padded with 1.2 MB of JSON whitespace, sent chunked (no length).
      byte[] padding = new byte[1_200_000];
      Arrays.fill(padding, (byte) ' ');
      InputStream body = new SequenceInputStream(new SequenceInputStream(
          stream("{\"key\":\"Zm9v\",\"value\":\"YmFy\""), new ByteArrayInputStream(padding)),
          stream("}"));
      HttpResponse<String> response = HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1).build()
          .send(HttpRequest.newBuilder(URI.create("http://" + server.endpoint() + "/v3/kv/put"))
              .timeout(Duration.ofSeconds(30))
              .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(429, response.statusCode(), response.body());
      JsonNode error = JSON.readTree(response.body());
      assertEquals(8, error.path("code").asInt(), response.body());
      assertTrue(error.path("message").asText().startsWith(
          "grpc: received message larger than max ("), response.body());
      assertStillServes(server);
    }
  }

  private static InputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertStillServes(ServerProcess server) {
    Etcdctl etcdctl = new Etcdctl(server.endpoint());
    etcdctl.ok("put", "after", "1");
    assertEquals("after\n1\n", etcdctl.ok("get", "after"));
  }
}
