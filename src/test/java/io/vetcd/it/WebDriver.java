package io.vetcd.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * Headless Debian Chromium driven through Debian's chromedriver with the W3C WebDriver protocol
 * (a handful of JSON calls), which needs no client library: a Selenium client would bring its own
 * Guava and OpenTelemetry into the build, and Maven's version mediation would change what the
 * member's jar ships.
 */
final class WebDriver implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

  private final Process driver;
  private final Path profile;
  private final HttpClient http = HttpClient.newHttpClient();
  private final String session;

  WebDriver() throws IOException, InterruptedException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    profile = Files.createTempDirectory("vetcd-chromium-");
    driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port)
        .redirectErrorStream(true)
        .redirectOutput(ServerProcess.LOG_DIR.resolve("chromedriver.log").toFile())
        .start();
    String base = "http://127.0.0.1:" + port;
    ObjectNode options = JSON.createObjectNode().put("binary", CHROMIUM.toString());
    options.putArray("args").addAll(List.of(
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile).stream()
        .map(JSON.getNodeFactory()::textNode).toList());
    ObjectNode capabilities = JSON.createObjectNode();
    capabilities.putObject("capabilities").putObject("alwaysMatch")
        .put("browserName", "chrome").set("goog:chromeOptions", options);
    session = base + "/session/" + waitForDriver(base, capabilities).path("sessionId").asText();
  }

  /** chromedriver takes a moment to listen; the first session request retries until then. */
  private JsonNode waitForDriver(String base, JsonNode capabilities)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plusSeconds(20);
    while (true) {
      try {
        return post(base + "/session", capabilities);
      } catch (java.net.ConnectException notYet) {
        if (Instant.now().isAfter(deadline)) {
          throw notYet;
        }
        Thread.sleep(200);
      }
    }
  }

  void open(String url) throws IOException, InterruptedException {
    post(session + "/url", JSON.createObjectNode().put("url", url));
  }

  /** Runs {@code script} (a function body; "return" gives the value) in the page. */
  JsonNode script(String script) throws IOException, InterruptedException {
    ObjectNode body = JSON.createObjectNode().put("script", script);
    body.putArray("args");
    return post(session + "/execute/sync", body);
  }

  /** Polls {@code script} until its value passes {@code done}; fails with the last value. */
  JsonNode await(String script, Predicate<JsonNode> done, Duration timeout)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    JsonNode value = script(script);
    while (!done.test(value)) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("timed out waiting on `" + script + "`, last value " + value);
      }
      Thread.sleep(100);
      value = script(script);
    }
    return value;
  }

  private JsonNode post(String url, JsonNode body) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
            .timeout(CALL_TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode value = JSON.readTree(response.body()).path("value");
    if (response.statusCode() != 200) {
      throw new IOException("WebDriver " + url + ": " + value);
    }
    return value;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      http.send(HttpRequest.newBuilder(URI.create(session)).DELETE().build(),
          HttpResponse.BodyHandlers.discarding());
    } finally {
      driver.destroy();
      driver.waitFor();
      ServerProcess.deleteRecursively(profile);
    }
  }
}
