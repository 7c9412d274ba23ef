package io.vetcd.it;

/** What a client command produced: its exit code and both output streams. */
record CommandResult(int exitCode, String stdout, String stderr) {

  boolean succeeded() {
    return exitCode == 0;
  }

  /** A readable dump for assertion messages. */
  String describe() {
    return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
  }
}
