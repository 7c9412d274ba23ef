package io.vetcd.it;

import java.util.List;

/** What a client command produced: its exit code and both output streams. */
record CommandResult(int exitCode, String stdout, String stderr) {

  boolean succeeded() {
    return exitCode == 0;
  }

  /** etcdctl's own error message: the last line (clientv3 logs its retries' warnings before it). */
  String lastErrorLine() {
    List<String> lines = stderr.strip().lines().toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }

  /** A readable dump for assertion messages. */
  String describe() {
    return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
  }
}
