package io.vetcd.consensus;

/**
 * What the Raft driver publishes for the protocol layer to read on any thread without a round
 * trip: the current term and leader (for response headers), written only by the driver.
 */
public final class RaftView {
  private final long memberId;
  private final long clusterId;
  private volatile long term;
  private volatile long leaderId;

  public RaftView(long memberId, long clusterId) {
    this.memberId = memberId;
    this.clusterId = clusterId;
  }

  public long memberId() {
    return memberId;
  }

  public long clusterId() {
    return clusterId;
  }

  public long term() {
    return term;
  }

  public long leaderId() {
    return leaderId;
  }

  void update(long term, long leaderId) {
    this.term = term;
    this.leaderId = leaderId;
  }
}
