package io.vetcd.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the real etcdctl (API v3) against one endpoint and captures what it prints. */
final class Etcdctl {
  private static final String BINARY = "/usr/bin/etcdctl";
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
    command.add(BINARY);
    command.add("--endpoints=" + endpoint);
    command.add("--dial-timeout=5s");
    command.add("--command-timeout=10s");
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("ETCDCTL_API", "3");
    try {
      Process process = builder.start();
      CompletableFuture<String> stdout = drain(process.getInputStream());
      CompletableFuture<String> stderr = drain(process.getErrorStream());
      try (OutputStream in = process.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      if (!process.waitFor(PROCESS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        throw new IllegalStateException("etcdctl " + args + " did not finish within "
            + PROCESS_TIMEOUT);
      }
      return new CommandResult(process.exitValue(), stdout.join(), stderr.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running etcdctl " + args, e);
    }
  }

  /** Fails the calling test unless the command exits 0; returns its stdout. */
  String ok(String... args) {
    CommandResult result = run(args);
    if (!result.succeeded()) {
      throw new AssertionError("etcdctl " + String.join(" ", args) + " failed: " + result.describe());
    }
    return result.stdout();
  }

  /** Reads a stream to its end on its own thread (the common pool may have one thread only). */
  private static CompletableFuture<String> drain(InputStream stream) {
    CompletableFuture<String> text = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (stream) {
        text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        text.completeExceptionally(new UncheckedIOException(e));
      }
    }, "etcdctl-output");
    reader.setDaemon(true);
    reader.start();
    return text;
  }
}
