package io.vetcd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LineDiffTest {

  @Test
  void changedLineShowsRemovedBeforeAdded() {
    assertEquals(List.of("  exit 0", "- a", "+ b", "  end"),
        LineDiff.diff(List.of("exit 0", "a", "end"), List.of("exit 0", "b", "end")));
  }

  @Test
  void extraAndMissingLinesKeepTheCommonOnes() {
    assertEquals(List.of("  x", "+ y", "  z", "- w"),
        LineDiff.diff(List.of("x", "z", "w"), List.of("x", "y", "z")));
  }

  @Test
  void transcriptsReportOnlyTheStepsThatDiffer() {
    assertEquals(List.of("@@ second", "  exit 1", "- old", "+ new"), LineDiff.ofTranscripts(
        List.of("first", "second"), List.of("same", "exit 1\nold"), List.of("same", "exit 1\nnew")));
  }
}
