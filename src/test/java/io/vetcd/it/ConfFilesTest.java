package io.vetcd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * free one, consistently within the file), so the test can run beside anything on 2379. The
 * single-member file serves; a node file describes a member of a three-member cluster, which
 * cannot form until members talk to each other, and the test pins what one node does today.
 */
class ConfFilesTest {
  private static final Pattern LOOPBACK_PORT = Pattern.compile("127\\.0\\.0\\.1:(\\d+)");
  private static final Duration SERVING_LIMIT = Duration.ofSeconds(90);

  @TempDir Path workDir;

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
   * node1.json loads and its member listens for clients and answers status, but it has no leader:
   * it waits for node2 and node3, which it cannot reach yet, so a write fails as etcd's does
   * without quorum, and it never logs the ready line (etcd logs it only once the cluster formed).
   */
  @Test
  void nodeJsonStartsAMemberThatWaitsForItsCluster() throws Exception {
    try (Running member = run("node1.json")) {
      Etcdctl etcdctl = new Etcdctl(member.clientEndpoint);
      CommandResult status = Poll.until(SERVING_LIMIT,
          () -> etcdctl.run("endpoint", "status"),
          result -> result.succeeded() || !member.process.isAlive());
      assertTrue(status.succeeded(), status.describe() + member.output());
      CommandResult put = etcdctl.run("put", "conf", "node1");
      assertFalse(put.succeeded(), put.describe());
      assertTrue(put.stderr().contains("etcdserver: no leader"), put.describe());
      assertFalse(member.output().contains(ServerProcess.READY_LINE), member.output());
      assertTrue(Files.isDirectory(workDir.resolve("node1.etcd")), "node1's data-dir");
    }
  }

  /** Starts the jar on a copy of conf/FILE in the work directory, with free ports. */
  private Running run(String file) throws IOException {
    Path conf = workDir.resolve(file);
    Map<String, Integer> ports = new HashMap<>();
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
