package io.vetcd.api.http;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a streamed request body into its top-level JSON objects, as the json.Decoder of etcd's
 * gateway reads a client stream: objects may be on one line each, pretty-printed over several, or
 * back to back. Only braces outside strings count, so no value is parsed twice.
 */
final class JsonValueSplitter {
  private final ByteArrayOutputStream current = new ByteArrayOutputStream();
  private int depth;
  private boolean inString;
  private boolean escaped;

  /** The objects completed by {@code chunk}. */
  List<String> feed(Buffer chunk) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < chunk.length(); i++) {
      byte b = chunk.getByte(i);
      if (depth == 0 && isWhitespace(b)) {
        continue;
      }
      current.write(b);
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (b == '\\') {
          escaped = true;
        } else if (b == '"') {
          inString = false;
        }
      } else if (b == '"') {
        inString = true;
      } else if (b == '{' || b == '[') {
        depth++;
      } else if (b == '}' || b == ']') {
        depth--;
      }
      if (depth <= 0 && !inString) {
        values.add(current.toString(StandardCharsets.UTF_8));
        current.reset();
        depth = 0;
      }
    }
    return values;
  }

  /** The bytes of the value not yet complete. */
  long pendingBytes() {
    return current.size();
  }

  /** Whatever is left at the end of the body: an incomplete value, or empty. */
  String rest() {
    return current.toString(StandardCharsets.UTF_8);
  }

  private static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }
}
