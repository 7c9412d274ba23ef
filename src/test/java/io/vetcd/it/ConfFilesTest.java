package io.vetcd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the shipped conf/ files with the jar, as conf/README.md tells a user to: `-conf FILE` from
 * the directory where the data directory should go. Only the port numbers are changed (each to a
 * free one, consistently across the files), so the test can run beside anything on 2379. The
 * single-member file serves; the three node files form one cluster.
 */
class ConfFilesTest {
  private static final Pattern LOOPBACK_PORT = Pattern.compile("127\\.0\\.0\\.1:(\\d+)");
  private static final Duration SERVING_LIMIT = Duration.ofSeconds(90);

  @TempDir Path workDir;
  /** Original port to the free one used instead, shared by the files of one test. */
  private final Map<String, Integer> ports = new HashMap<>();

  @Test
  void singleJsonServesClientsWithItsDataDirectory() throws Exception {
    try (Running member = run("single.json")) {
      Etcdctl etcdctl = new Etcdctl(member.clientEndpoint);
      CommandResult put = Poll.until(SERVING_LIMIT, () -> etcdctl.run("put", "conf", "single"),
          result -> result.succeeded() || !member.process.isAlive());
      assertTrue(put.succeeded(), put.describe() + member.output());
      assertEquals("single\n", etcdctl.ok("get", "conf", "--print-value-only"));
      assertTrue(member.output().contains(ServerProcess.READY_LINE), member.output());
      assertTrue(Files.isDirectory(workDir.resolve("default.etcd")),
          "data-dir \"default.etcd\" is relative to where the member was started");
    }
  }

  /**
   * node1.json, node2.json and node3.json, each started as conf/README.md says, form one cluster:
   * every member logs the ready line (etcd logs it once the cluster formed), a write through
   * node1 is read linearizably through node3, and the data dirs are the files' own.
   */
  @Test
  void nodeJsonFilesFormAThreeMemberCluster() throws Exception {
    try (Running node1 = run("node1.json"); Running node2 = run("node2.json");
        Running node3 = run("node3.json")) {
      Etcdctl first = new Etcdctl(node1.clientEndpoint);
      CommandResult put = Poll.until(SERVING_LIMIT, () -> first.run("put", "conf", "node1"),
          result -> result.succeeded() || !node1.process.isAlive());
      assertTrue(put.succeeded(), put.describe() + node1.output());
      assertEquals("node1\n",
          new Etcdctl(node3.clientEndpoint).ok("get", "conf", "--print-value-only"));
      for (Running node : List.of(node1, node2, node3)) {
        Poll.until(SERVING_LIMIT, node::output, out -> out.contains(ServerProcess.READY_LINE));
        assertTrue(node.output().contains(ServerProcess.READY_LINE), node.output());
      }
      for (String dataDir : List.of("node1.etcd", "node2.etcd", "node3.etcd")) {
        assertTrue(Files.isDirectory(workDir.resolve(dataDir)), dataDir);
      }
    }
  }

  /** Starts the jar on a copy of conf/FILE in the work directory, with free ports. */
  private Running run(String file) throws IOException {
    Path conf = workDir.resolve(file);
    Matcher matcher = LOOPBACK_PORT.matcher(Files.readString(Path.of("conf", file)));
    StringBuilder copy = new StringBuilder();
    while (matcher.find()) {
      int port = ports.computeIfAbsent(matcher.group(1), original -> {
        try {
          return ServerProcess.freePort();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      matcher.appendReplacement(copy, "127.0.0.1:" + port);
    }
    matcher.appendTail(copy);
    Files.writeString(conf, copy);
    String clientEndpoint = "127.0.0.1:" + ports.get("2379");
    List<String> command = new ArrayList<>(MemberKind.VETCD.launcher());
    command.addAll(List.of("-conf", file));
    Files.createDirectories(ServerProcess.LOG_DIR);
    Path log = ServerProcess.LOG_DIR.toAbsolutePath().resolve("conf-" + file + ".log");
    Process process = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new Running(process, clientEndpoint, log);
  }

  /** A member started from a conf file; closing it kills it. */
  private record Running(Process process, String clientEndpoint, Path log) implements AutoCloseable {
    String output() {
      try {
        return Files.readString(log, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(cannot read " + log + ": " + e + ")";
      }
    }

    @Override
    public void close() throws InterruptedException {
      process.destroyForcibly().waitFor();
    }
  }
}
