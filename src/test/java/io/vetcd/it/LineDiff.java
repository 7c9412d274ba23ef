package io.vetcd.it;

import java.util.ArrayList;
import java.util.List;

/** A unified-style line diff (longest common subsequence; inputs here are a few dozen lines). */
final class LineDiff {
  private LineDiff() {}

  /**
   * For each step whose transcripts differ: "@@ " and its label, then the diff of its lines.
   * Empty when every transcript is equal.
   */
  static List<String> ofTranscripts(List<String> labels, List<String> expected,
      List<String> actual) {
    List<String> report = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      if (!expected.get(i).equals(actual.get(i))) {
        report.add("@@ " + labels.get(i));
        report.addAll(diff(List.of(expected.get(i).split("\n", -1)),
            List.of(actual.get(i).split("\n", -1))));
      }
    }
    return report;
  }

  /** Lines prefixed with ' ' (both), '-' (expected only) or '+' (actual only). */
  static List<String> diff(List<String> expected, List<String> actual) {
    int[][] common = new int[expected.size() + 1][actual.size() + 1];
    for (int i = expected.size() - 1; i >= 0; i--) {
      for (int j = actual.size() - 1; j >= 0; j--) {
        common[i][j] = expected.get(i).equals(actual.get(j))
            ? common[i + 1][j + 1] + 1
            : Math.max(common[i + 1][j], common[i][j + 1]);
      }
    }
    List<String> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < expected.size() || j < actual.size()) {
      if (i < expected.size() && j < actual.size() && expected.get(i).equals(actual.get(j))) {
        out.add("  " + expected.get(i++));
        j++;
      } else if (i < expected.size() && (j == actual.size() || common[i + 1][j] >= common[i][j + 1])) {
        out.add("- " + expected.get(i++));
      } else {
        out.add("+ " + actual.get(j++));
      }
    }
    return out;
  }
}
