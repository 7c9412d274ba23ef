package io.vetcd.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A long-running client (etcdctl watch, a python watcher) whose output the test reads while it
 * runs: stdout and stderr are collected together, in the order they arrive.
 */
final class WatchProcess implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(50);
  private static final int TAIL_CHARS = 2000;

  private final Process process;
  private final StringBuffer output = new StringBuffer();

  private WatchProcess(Process process) {
    this.process = process;
    Thread reader = new Thread(this::collect, "watch-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** `etcdctl --endpoints=endpoint args...` (API v3). */
  static WatchProcess etcdctl(String endpoint, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("/usr/bin/etcdctl", "--endpoints=" + endpoint));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("ETCDCTL_API", "3");
    return new WatchProcess(builder.start());
  }

  String output() {
    return output.toString();
  }

  /** Waits until the output satisfies {@code done}; returns it, or fails with what was seen. */
  String await(Predicate<String> done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.test(output())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("after " + timeout + " the output ends with:\n" + tail());
      }
      sleep(POLL);
    }
    return output();
  }

  /** Waits until the output has not changed for {@code quiet}; returns it. */
  String awaitQuiet(Duration quiet, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = output();
    long stableSince = System.nanoTime();
    while (System.nanoTime() - stableSince < quiet.toNanos() && System.nanoTime() < deadline) {
      sleep(POLL);
      String now = output();
      if (!now.equals(last)) {
        last = now;
        stableSince = System.nanoTime();
      }
    }
    return last;
  }

  /** Stops the process (SIGSTOP): it reads nothing until {@link #resume()}. */
  void suspend() throws IOException, InterruptedException {
    signal("-STOP");
  }

  void resume() throws IOException, InterruptedException {
    signal("-CONT");
  }

  private void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", signal, String.valueOf(process.pid())).start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
    }
  }

  /** Waits for the process to end by itself; returns its exit code. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("still running after " + timeout + "; output ends with:\n" + tail());
    }
    return process.exitValue();
  }

  /** The end of the output, short enough for an assertion message. */
  private String tail() {
    String all = output();
    return all.length() <= TAIL_CHARS ? all : "..." + all.substring(all.length() - TAIL_CHARS);
  }

  @Override
  public void close() throws Exception {
    resume(); // a stopped process would not act on SIGTERM until continued
    process.destroy();
    process.waitFor();
  }

  private void collect() {
    byte[] buffer = new byte[8192];
    try (InputStream in = process.getInputStream()) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      output.append("[output read failed: ").append(e).append("]");
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
