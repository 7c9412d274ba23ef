package io.vetcd.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Holds a benchmark still while its caller (scripts/bench-compare) measures the server: says
 * what it holds on stdout, then waits for a line on stdin.
 */
final class CallerPauses {
  private final BufferedReader caller =
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

  void pause(String what) throws Exception {
    System.out.println("pause " + what);
    System.out.flush();
    if (caller.readLine() == null) {
      throw new IllegalStateException("stdin closed while paused at " + what);
    }
  }
}
