package io.vetcd.mvcc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The request semantics stay free of storage, I/O and Vert.x, so any storage can sit below. */
class MvccPackagePurityTest {
  private static final List<String> FORBIDDEN = List.of(
      "import jetbrains.", "import io.vertx.", "import java.io.", "import java.nio.");

  @Test
  void semanticsImportNoStorageOrIo() throws IOException {
    Path dir = Path.of("src/main/java/io/vetcd/mvcc");
    List<Path> sources;
    try (Stream<Path> files = Files.list(dir)) {
      sources = files.filter(f -> f.toString().endsWith(".java")).toList();
    }
    assertTrue(sources.size() > 5, "sources not found from " + Path.of("").toAbsolutePath());
    for (Path source : sources) {
      List<String> offending = Files.readAllLines(source).stream()
          .filter(line -> FORBIDDEN.stream().anyMatch(line::startsWith))
          .toList();
      assertEquals(List.of(), offending, source.toString());
    }
  }
}
