package io.vetcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layers of docs/architecture.md, enforced: each package refers only to the member's packages
 * below it (imports, fully qualified names and javadoc links alike). In particular nothing under
 * the protocol layer ({@code api}) reaches up into it, and the Raft core refers to nothing else.
 */
class LayeringTest {
  private static final Path SOURCES = Path.of("src/main/java/io/vetcd");
  /** Generated protobuf messages: a leaf every layer may use. */
  private static final String PROTO = "proto";
  private static final Map<String, Set<String>> MAY_USE = Map.ofEntries(
      Map.entry("errors", Set.of()),
      Map.entry("metrics", Set.of()),
      Map.entry("raft", Set.of()),
      Map.entry("mvcc", Set.of("errors", PROTO)),
      Map.entry("bus", Set.of("errors", "mvcc", PROTO)),
      Map.entry("storage", Set.of("bus", "errors", "mvcc", PROTO)),
      Map.entry("consensus", Set.of("raft", "bus", "errors", "mvcc", PROTO)),
      Map.entry("peer", Set.of("config", "consensus", "bus", "errors", "metrics", "mvcc", "raft",
          "tls", PROTO)),
      Map.entry("compactor", Set.of("config", "consensus", "bus", "errors", "mvcc", PROTO)),
      Map.entry("config", Set.of()),
      Map.entry("tls", Set.of("config")),
      Map.entry("watch", Set.of("bus", "errors", "mvcc", PROTO)),
      Map.entry("lease", Set.of("consensus", "bus", "errors", "mvcc", PROTO)),
      Map.entry("api", Set.of("tls", "config", "consensus", "bus", "errors", "metrics", "mvcc",
          "watch", PROTO)));
  private static final Pattern REFERENCE = Pattern.compile("\\bio\\.vetcd\\.(\\w+)");

  @Test
  void everyPackageUsesOnlyTheLayersBelowIt() throws IOException {
    List<String> violations = new ArrayList<>();
    int files = 0;
    try (Stream<Path> paths = Files.walk(SOURCES)) {
      for (Path source : paths.filter(p -> p.toString().endsWith(".java")).toList()) {
        String layer = layerOf(source);
        if (layer == null) {
          continue; // the root (Main, VetcdMember) wires every layer together
        }
        files++;
        List<String> lines = Files.readAllLines(source);
        for (int i = 0; i < lines.size(); i++) {
          String offending = forbiddenReference(layer, lines.get(i));
          if (offending != null) {
            violations.add(source + ":" + (i + 1) + " uses " + offending);
          }
        }
      }
    }
    assertTrue(files > 50, "scanned the member's sources from " + Path.of("").toAbsolutePath());
    assertEquals(List.of(), violations);
  }

  @Test
  void upwardReferencesAreCaught() {
    assertEquals("api", forbiddenReference("mvcc", "import io.vetcd.api.KvServer;"));
    assertEquals("api", forbiddenReference("raft", " * @see io.vetcd.api.EtcdError"));
    assertEquals("consensus", forbiddenReference("storage", "import io.vetcd.consensus.RaftView;"));
    assertEquals("mvcc", forbiddenReference("raft", "x = new io.vetcd.mvcc.Revision(1, 0);"));
    assertEquals(null, forbiddenReference("consensus", "import io.vetcd.raft.RaftCore;"));
    assertEquals(null, forbiddenReference("mvcc", "import io.vetcd.mvcc.xodus.KeyCodec;"));
  }

  /** The first package {@code line} refers to that {@code layer} may not use, or null. */
  private static String forbiddenReference(String layer, String line) {
    Matcher m = REFERENCE.matcher(line);
    while (m.find()) {
      String used = m.group(1);
      if (!used.equals(layer) && !MAY_USE.get(layer).contains(used)) {
        return used;
      }
    }
    return null;
  }

  /** The top-level package under io.vetcd of {@code source}, or null for the root. */
  private static String layerOf(Path source) {
    Path relative = SOURCES.relativize(source);
    if (relative.getNameCount() == 1) {
      return null;
    }
    String layer = relative.getName(0).toString();
    assertTrue(MAY_USE.containsKey(layer), "no layer rule for package " + layer);
    return layer;
  }
}
