package io.vetcd.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A streamed body is cut into its JSON objects however they are laid out and chunked. */
class JsonValueSplitterTest {
  @Test
  void objectsOnLinesBackToBackOrPrettyPrinted() {
    String body = "{\"a\":1}\n{\"b\":{\"c\":[1,2]}}{\"d\":\n  {\"e\": 3}\n}\n";
    assertEquals(List.of("{\"a\":1}", "{\"b\":{\"c\":[1,2]}}", "{\"d\":\n  {\"e\": 3}\n}"),
        feedByteByByte(body));
  }

  @Test
  void bracesAndQuotesInsideStringsDoNotCount() {
    String body = "{\"k\":\"}{\\\"\"}{\"k\":\"\\\\\"}";
    assertEquals(List.of("{\"k\":\"}{\\\"\"}", "{\"k\":\"\\\\\"}"), feedByteByByte(body));
  }

  @Test
  void anIncompleteObjectIsLeftAsTheRest() {
    JsonValueSplitter splitter = new JsonValueSplitter();
    assertEquals(List.of("{}"), splitter.feed(Buffer.buffer("{} {\"key\":")));
    assertEquals("{\"key\":", splitter.rest());
  }

  private static List<String> feedByteByByte(String body) {
    JsonValueSplitter splitter = new JsonValueSplitter();
    List<String> values = new ArrayList<>();
    for (byte b : body.getBytes()) {
      values.addAll(splitter.feed(Buffer.buffer(new byte[] {b})));
    }
    assertEquals("", splitter.rest());
    return values;
  }
}
