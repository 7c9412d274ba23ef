package io.vetcd.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A curl-like HTTP/1.1 client for the JSON gateway. {@link #exchange} runs one script line
 * ("[STREAM n] METHOD PATH [BODY]") and returns a canonical transcript: status, content type and
 * each JSON body with its keys sorted.
 */
final class GatewayClient {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  /** curl -d sends this content type; etcd's gateway parses the body as JSON regardless. */
  private static final String CURL_CONTENT_TYPE = "application/x-www-form-urlencoded";

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String base;

  GatewayClient(String base) {
    this.base = base;
  }

  String exchange(String line) throws IOException, InterruptedException {
    String[] parts = line.split(" ", 3);
    int streamLines = 0;
    if (parts[0].equals("STREAM")) {
      streamLines = Integer.parseInt(parts[1]);
      parts = parts[2].split(" ", 3);
    }
    String body = parts.length > 2 ? parts[2] : "";
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + parts[1]))
        .timeout(TIMEOUT)
        .header("Content-Type", CURL_CONTENT_TYPE)
        .method(parts[0], body.isEmpty()
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
    if (streamLines > 0) {
      return stream(request, streamLines);
    }
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return head(response) + canonical(response.body()) + "\n";
  }

  /**
   * The first {@code count} lines of a streamed answer, or those that came within the timeout
   * followed by "<no more lines>"; then the stream is dropped.
   */
  private String stream(HttpRequest request, int count) throws IOException, InterruptedException {
    HttpResponse<Stream<String>> response;
    try {
      response = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException(e);
    }
    List<String> read = new CopyOnWriteArrayList<>();
    try (Stream<String> lines = response.body()) {
      CompletableFuture<Void> reading = CompletableFuture.runAsync(
          () -> lines.limit(count).map(GatewayClient::canonical).forEach(read::add));
      try {
        reading.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        read.add("<no more lines>");
      }
    }
    return head(response) + String.join("\n", read) + "\n";
  }

  private static String head(HttpResponse<?> response) {
    return response.statusCode() + " "
        + response.headers().firstValue("content-type").orElse("-") + "\n";
  }

  /** The body with sorted keys if it is JSON, else as it is. */
  static String canonical(String body) {
    try {
      return JSON.writeValueAsString(JSON.readValue(body, Object.class));
    } catch (IOException notJson) {
      return body;
    }
  }
}
