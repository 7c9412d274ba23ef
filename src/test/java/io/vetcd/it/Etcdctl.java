package io.vetcd.it;

import io.vetcd.ReferenceTools;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the real etcdctl (API v3) against one endpoint and captures what it prints. */
final class Etcdctl {
  private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(30);

  private final String endpoint;

  Etcdctl(String endpoint) {
    this.endpoint = endpoint;
  }

  CommandResult run(String... args) {
    return run(List.of(args), "");
  }

  /** Runs `etcdctl args` with `stdin` as its standard input (txn reads its request from there). */
  CommandResult run(List<String> args, String stdin) {
    List<String> command = new ArrayList<>();
    command.add(ReferenceTools.ETCDCTL.toString());
    command.add("--endpoints=" + endpoint);
    command.add("--dial-timeout=5s");
    command.add("--command-timeout=10s");
    command.addAll(args);
    return ClientProcess.run(command, Map.of("ETCDCTL_API", "3"), stdin, PROCESS_TIMEOUT);
  }

  /** Fails the calling test unless the command exits 0; returns its stdout. */
  String ok(String... args) {
    CommandResult result = run(args);
    if (!result.succeeded()) {
      throw new AssertionError("etcdctl " + String.join(" ", args) + " failed: "
          + result.describe());
    }
    return result.stdout();
  }
}
