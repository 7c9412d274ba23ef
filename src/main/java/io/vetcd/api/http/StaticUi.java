package io.vetcd.api.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The web console at /ui: a few static files shipped in the jar (src/main/resources/ui), read once
 * at start so that serving them never touches the class path from the event loop.
 */
final class StaticUi {
  static final String PATH = "/ui";
  private static final Map<String, String> FILES = Map.of(
      "index.html", "text/html; charset=utf-8",
      "console.js", "text/javascript; charset=utf-8",
      "console.css", "text/css; charset=utf-8");

  private final Map<String, Buffer> contents;

  StaticUi() {
    Map<String, Buffer> loaded = new HashMap<>();
    FILES.keySet().forEach(name -> loaded.put(name, read(name)));
    this.contents = Map.copyOf(loaded);
  }

  static boolean serves(String path) {
    return path.equals(PATH) || path.startsWith(PATH + "/");
  }

  void handle(HttpServerRequest request) {
    String path = request.path();
    if (path.equals(PATH)) {
      request.response().setStatusCode(301).putHeader(HttpHeaders.LOCATION, PATH + "/").end();
      return;
    }
    String name = path.substring(PATH.length() + 1);
    String file = name.isEmpty() ? "index.html" : name;
    Buffer content = contents.get(file);
    if (content == null) {
      request.response().setStatusCode(404).end("404 page not found\n");
      return;
    }
    request.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, FILES.get(file))
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        .end(content);
  }

  private static Buffer read(String name) {
    try (InputStream in = StaticUi.class.getResourceAsStream("/ui/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource ui/" + name);
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
