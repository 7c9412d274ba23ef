package io.vetcd.sim;

/** A checker found a broken invariant; the message says which and where. */
public final class SafetyViolation extends RuntimeException {
  public SafetyViolation(String message) {
    super(message, null, false, false);
  }
}
