package io.vetcd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The /ui console in a real headless Chromium: keys put by etcdctl appear live through the
 * WebSocket watch; a dropped socket resumes after the last revision the page applied, so writes
 * made while it was down arrive once each, in order, or, when they were compacted meanwhile, the
 * page says so and reloads; values show as JSON; history and diff work.
 */
@Timeout(240)
class ConsoleBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void keysAppearLiveAndADroppedSocketMissesNothing() throws Exception {
    try (ServerProcess server = ServerProcess.startUnderTest("ui");
        WebDriver browser = new WebDriver()) {
      Etcdctl etcdctl = new Etcdctl(server.endpoint());
      etcdctl.ok("put", "/app/before", "1"); // revision 2
      browser.open("http://" + server.endpoint() + "/ui/?prefix=/app/");
      awaitKey(browser, "/app/before", true);
      browser.await("return document.getElementById('status').dataset.state",
          state -> state.asText().equals("live"), WAIT);

      etcdctl.ok("put", "/app/live", "{\"a\":1}"); // revision 3
      awaitKey(browser, "/app/live", true);

      browser.script("vetcd.dropSocket(3000)");
      etcdctl.ok("put", "/app/gap", "2"); // revision 4, while the socket is down
      etcdctl.ok("del", "/app/before"); // revision 5
      awaitKey(browser, "/app/gap", true);
      awaitKey(browser, "/app/before", false);
      assertEquals(List.of(3L, 4L, 5L), revisions(browser), "events applied by the page");

      etcdctl.ok("put", "/app/live", "{\"a\":2}"); // revision 6
      browser.await("return vetcd.state.applied", r -> r.asLong() == 6, WAIT);
      browser.script("document.querySelector('[data-key=\"/app/live\"]').click()");
      browser.script("const v = document.getElementById('view'); v.value = 'json';"
          + " v.dispatchEvent(new Event('change'))");
      assertEquals("{\n  \"a\": 2\n}", browser.script(
          "return document.getElementById('value').value").asText());
      browser.await("return document.querySelectorAll('#history tbody tr').length",
          rows -> rows.asInt() == 2, WAIT);
      browser.script("document.getElementById('diff-button').click()");
      String diff = browser.script("return document.getElementById('diff').textContent").asText();
      assertTrue(diff.contains("-   \"a\": 1") && diff.contains("+   \"a\": 2"), diff);

      // Resuming from a compacted revision: the page says so and reloads the current state.
      browser.script("vetcd.dropSocket(3000)");
      etcdctl.ok("put", "/app/c1", "1"); // revision 7
      etcdctl.ok("put", "/app/c2", "2"); // revision 8
      etcdctl.ok("compact", "8");
      awaitKey(browser, "/app/c1", true);
      awaitKey(browser, "/app/c2", true);
      String notice = browser.script("return document.getElementById('notice').textContent")
          .asText();
      assertTrue(notice.contains("revisions 7 to 8 were compacted"), notice);
    }
  }

  private static void awaitKey(WebDriver browser, String key, boolean present) throws Exception {
    browser.await("return document.querySelector('[data-key=\"" + key + "\"]') !== null",
        shown -> shown.asBoolean() == present, WAIT);
  }

  private static List<Long> revisions(WebDriver browser) throws Exception {
    List<Long> revisions = new ArrayList<>();
    for (JsonNode revision : browser.script("return vetcd.state.events.map(e => e.revision)")) {
      revisions.add(revision.asLong());
    }
    return revisions;
  }
}
