package io.vetcd.raft;

/**
 * The core refused a proposal, read or transfer request (no known leader, leadership transfer in
 * progress, a conf change already pending, ...). Nothing was appended, so the caller may fail fast
 * or retry.
 */
public final class ProposalDroppedException extends RuntimeException {
  public ProposalDroppedException(String reason) {
    super("raft proposal dropped: " + reason, null, false, false);
  }
}
