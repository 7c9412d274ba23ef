package io.vetcd.sim;

import static io.vetcd.sim.Operation.Kind.GET;
import static io.vetcd.sim.Operation.Kind.PUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker must accept every linearizable history and reject the classic anomalies. */
class LinearizabilityCheckerTest {
  private static final long NEVER = Operation.NEVER;

  private static Operation op(Operation.Kind kind, String value, long invoked, long returned) {
    return Operation.of(kind, "k", value, invoked, returned);
  }

  @Test
  void sequentialWritesAndReadsAreLinearizable() {
    assertTrue(LinearizabilityChecker.isLinearizable(List.of(
        op(GET, null, 1, 2), op(PUT, "a", 3, 4), op(GET, "a", 5, 6), op(PUT, "b", 7, 8),
        op(GET, "b", 9, 10))));
  }

  @Test
  void aStaleReadAfterAWriteCompletedIsNot() {
    assertFalse(LinearizabilityChecker.isLinearizable(List.of(
        op(PUT, "a", 1, 2), op(PUT, "b", 3, 4), op(GET, "a", 5, 6))));
  }

  @Test
  void aReadOverlappingAWriteMaySeeEitherValue() {
    for (String seen : new String[] {"a", "b"}) {
      assertTrue(LinearizabilityChecker.isLinearizable(List.of(
          op(PUT, "a", 1, 2), op(PUT, "b", 3, 6), op(GET, seen, 4, 5))), seen);
    }
  }

  @Test
  void readsMustNotGoBackInTime() {
    // Both reads overlap the write, but once one read saw "b" a later read cannot see "a".
    assertFalse(LinearizabilityChecker.isLinearizable(List.of(
        op(PUT, "a", 1, 2), op(PUT, "b", 3, 10), op(GET, "b", 4, 5), op(GET, "a", 6, 7))));
  }

  @Test
  void aWriteWithUnknownOutcomeMayTakeEffectLateOrNever() {
    assertTrue(LinearizabilityChecker.isLinearizable(List.of(
        op(PUT, "a", 1, 2), op(PUT, "x", 3, NEVER), op(GET, "a", 4, 5), op(GET, "x", 6, 7))));
    assertTrue(LinearizabilityChecker.isLinearizable(List.of(
        op(PUT, "a", 1, 2), op(PUT, "x", 3, NEVER), op(GET, "a", 4, 5))));
    assertFalse(LinearizabilityChecker.isLinearizable(List.of(
        op(PUT, "x", 3, NEVER), op(GET, "x", 4, 5), op(GET, null, 6, 7))),
        "once seen, it took effect");
  }

  @Test
  void aValueNobodyWroteIsNeverLinearizable() {
    assertFalse(LinearizabilityChecker.isLinearizable(List.of(op(GET, "ghost", 1, 2))));
  }

  @Test
  void keysAreCheckedIndependently() {
    List<Operation> history = new ArrayList<>();
    history.add(Operation.of(PUT, "x", "1", 1, 2));
    history.add(Operation.of(PUT, "y", "2", 3, 4));
    history.add(Operation.of(GET, "x", "1", 5, 6));
    assertNull(LinearizabilityChecker.firstViolation(history));
    history.add(Operation.of(GET, "y", null, 7, 8));
    assertEquals("y", LinearizabilityChecker.firstViolation(history));
  }

  @Test
  void writesOfUnknownOutcomeNobodySawDoNotHideAViolationNorSlowTheSearch() {
    // Sixty unanswered puts overlapping everything: a search that branched on each would not end.
    List<Operation> history = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      history.add(op(PUT, "lost" + i, 1 + i, NEVER));
    }
    history.add(op(PUT, "a", 100, 101));
    history.add(op(GET, "a", 102, 103));
    assertNull(LinearizabilityChecker.firstViolation(history));
    history.add(op(PUT, "b", 104, 105));
    history.add(op(GET, "a", 106, 107)); // stale: "b" was acknowledged before this read began
    assertEquals("k", LinearizabilityChecker.firstViolation(history));
    // One of them seen by a read counts: it took effect between its call and that read.
    history.removeIf(o -> o.invokedAt >= 104);
    history.add(op(GET, "lost7", 108, 109));
    history.add(op(GET, "a", 110, 111));
    assertEquals("k", LinearizabilityChecker.firstViolation(history),
        "lost7 is newer than a, which no put wrote again");
  }

  @Test
  void aLongConcurrentHistoryIsCheckedQuickly() {
    // 3 clients writing their own values round-robin, with overlapping reads: linearizable.
    List<Operation> history = new ArrayList<>();
    long t = 0;
    String last = null;
    for (int i = 0; i < 300; i++) {
      String v = "v" + i;
      history.add(op(PUT, v, t + 1, t + 4));
      history.add(op(GET, i % 2 == 0 ? last : v, t + 2, t + 5));
      history.add(op(PUT, "u" + i, t + 3, NEVER));
      last = v;
      t += 10;
    }
    history.removeIf(o -> o.kind == PUT && o.value.startsWith("u") && o.invokedAt > 2000);
    assertTrue(LinearizabilityChecker.isLinearizable(history));
  }
}
