package io.vetcd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs {@link ConfigLoader#loadOrExit} in a real JVM, as Main does, to see its exit statuses. */
class LoadOrExitTest {
  /** A main method like vetcd's: one line of config, then a sign that it went on. */
  static final class Launcher {
    public static void main(String[] args) {
      MemberConfig config = ConfigLoader.loadOrExit(args, System.getenv());
      System.out.println("loaded " + config.name());
    }
  }

  private record Run(int exitCode, String stdout, String stderr) {
  }

  private static Run launch(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        Launcher.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("ETCD"));
    Process process = builder.start();
    process.getOutputStream().close();
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    return new Run(process.exitValue(), stdout, stderr);
  }

  @Test
  void aGoodConfigGoesOn() throws Exception {
    Run run = launch("--name", "n1", "--initial-cluster", "n1=http://localhost:2380");
    assertEquals(0, run.exitCode(), run.stderr());
    assertEquals("loaded n1\n", run.stdout());
  }

  @Test
  void aBadFlagExitsTwoWithTheReasonOnStderr() throws Exception {
    Run run = launch("--snapshot-count", "abc");
    assertEquals(2, run.exitCode());
    assertEquals("", run.stdout());
    assertEquals("error verifying flags, invalid value \"abc\" for flag -snapshot-count: parse error."
        + " See 'vetcd --help'.\n", run.stderr());
  }

  @Test
  void helpAndVersionExitZeroOnStdout() throws Exception {
    Run help = launch("--help");
    assertEquals(0, help.exitCode());
    assertTrue(help.stdout().startsWith("Usage:"), help.stdout());
    Run version = launch("--version");
    assertEquals(0, version.exitCode());
    assertTrue(version.stdout().startsWith("etcd Version: 3.4."), version.stdout());
    assertEquals("", version.stderr());
  }
}
