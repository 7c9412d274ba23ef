package io.vetcd.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vetcd.ReferenceTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The /ui console in a real headless Chromium (Debian's), driven by Playwright: the steps and
 * checks are in src/test/js/console-browser.mjs (a key put by etcdctl appears live; the socket is
 * dropped at the network level and the page's reconnect misses and repeats nothing; JSON view,
 * history and diff; a resume from a compacted revision is reported and reloaded). This test
 * starts the member and runs that script with node against it. `npm ci` in src/test/js installs
 * playwright-core (.ci/run does).
 */
@Timeout(240)
class ConsoleBrowserTest {
  private static final Path SCRIPTS = Path.of("src/test/js");
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(180);

  @Test
  void keysAppearLiveAndADroppedSocketMissesNothing() throws IOException {
    ReferenceTools.require(CHROMIUM);
    assertTrue(Files.exists(SCRIPTS.resolve("node_modules/playwright-core")),
        "playwright-core is not installed: run `npm ci` in " + SCRIPTS + " (.ci/run does)");
    try (ServerProcess server = ServerProcess.startUnderTest("ui")) {
      CommandResult run = ClientProcess.run(
          List.of("node", SCRIPTS.resolve("console-browser.mjs").toString(), server.endpoint()),
          Map.of("ETCDCTL", ReferenceTools.ETCDCTL.toString()), "", SCRIPT_TIMEOUT);
      assertTrue(run.succeeded() && run.stdout().contains("console-browser: all checks passed"),
          run.describe());
    }
  }
}
