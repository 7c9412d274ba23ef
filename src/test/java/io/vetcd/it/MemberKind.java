package io.vetcd.it;

import io.vetcd.ReferenceTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Which server binary a {@link ServerProcess} runs: vetcd's jar or the reference etcd 3.4. */
enum MemberKind {
  ETCD,
  VETCD;

  /**
   * The implementation integration tests exercise: vetcd, unless `-Dvetcd.it.target=etcd` asks for
   * real etcd (used to prove a test itself right before the server exists).
   */
  static MemberKind underTest() {
    return "etcd".equalsIgnoreCase(System.getProperty("vetcd.it.target", "vetcd")) ? ETCD : VETCD;
  }

  /** The command line up to (not including) the member flags, which both kinds share. */
  List<String> launcher() {
    return launcher(List.of());
  }

  /** The same, with {@code jvmFlags} (e.g. {@code -Dname=value}) given to vetcd's JVM only. */
  List<String> launcher(List<String> jvmFlags) {
    List<String> command = new ArrayList<>();
    switch (this) {
      case ETCD -> command.add(ReferenceTools.ETCD.toString());
      case VETCD -> {
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--add-opens");
        command.add("java.base/sun.nio.ch=ALL-UNNAMED");
        for (String arg : System.getProperty("vetcd.it.jvmArgs", "").trim().split("\\s+")) {
          if (!arg.isEmpty()) {
            command.add(arg);
          }
        }
        command.addAll(jvmFlags);
        command.add("-jar");
        command.add(vetcdJar().toString());
      }
    }
    return command;
  }

  private static Path vetcdJar() {
    Path jar = Path.of(System.getProperty("vetcd.jar", "target/vetcd.jar")).toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("vetcd jar not found at " + jar + " (run `mvn package` first)");
    }
    return jar;
  }
}
