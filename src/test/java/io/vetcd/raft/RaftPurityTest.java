package io.vetcd.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The core must stay pure (DESIGN.md "Raft"): no I/O, no threads, no Vert.x, no wall clock, so a
 * seed replays a simulation exactly. This scans the sources of io.vetcd.raft and its
 * sub-packages.
 */
class RaftPurityTest {
  private static final Path ROOT = Path.of("src/main/java/io/vetcd/raft");
  private static final Pattern FORBIDDEN = Pattern.compile(
      "\\bimport\\s+(static\\s+)?(io\\.vertx|java\\.io|java\\.nio|java\\.net|java\\.util\\.concurrent)\\b"
          + "|\\b(io\\.vertx|java\\.io|java\\.nio|java\\.net|java\\.util\\.concurrent)\\.[A-Za-z]"
          + "|System\\.(currentTimeMillis|nanoTime)|Instant\\.now|LocalDateTime\\.now|Clock\\."
          + "|new\\s+Random\\(|Math\\.random|ThreadLocalRandom|new\\s+Thread\\b|\\bsynchronized\\b");

  @Test
  void coreSourcesUseNoIoThreadsClockOrUnseededRandomness() throws IOException {
    List<String> violations = new ArrayList<>();
    int files = 0;
    try (Stream<Path> paths = Files.walk(ROOT)) {
      for (Path p : paths.filter(f -> f.toString().endsWith(".java")).toList()) {
        files++;
        List<String> lines = Files.readAllLines(p);
        for (int i = 0; i < lines.size(); i++) {
          if (FORBIDDEN.matcher(lines.get(i)).find()) {
            violations.add(p + ":" + (i + 1) + ": " + lines.get(i).trim());
          }
        }
      }
    }
    assertTrue(files > 10, "scanned the core's sources");
    assertEquals(List.of(), violations);
  }

  @Test
  void scannerCatchesForbiddenUses() {
    for (String bad : List.of("import java.io.File;", "import io.vertx.core.Vertx;",
        "long t = System.currentTimeMillis();", "import java.util.concurrent.ConcurrentHashMap;",
        "var x = java.nio.ByteBuffer.allocate(1);", "Instant.now()")) {
      assertTrue(FORBIDDEN.matcher(bad).find(), bad);
    }
    assertTrue(!FORBIDDEN.matcher("import java.util.TreeMap;").find());
  }
}
