package io.vetcd.raft;

/**
 * Kinds of Raft messages, with stable numbers for the wire. PROP, READ_INDEX and TRANSFER_LEADER
 * start locally (term 0) and are forwarded by a follower to its leader.
 */
public enum MessageType {
  APP(1),
  APP_RESP(2),
  VOTE(3),
  VOTE_RESP(4),
  PRE_VOTE(5),
  PRE_VOTE_RESP(6),
  HEARTBEAT(7),
  HEARTBEAT_RESP(8),
  SNAP(9),
  PROP(10),
  READ_INDEX(11),
  READ_INDEX_RESP(12),
  TRANSFER_LEADER(13),
  TIMEOUT_NOW(14);

  public final int number;

  MessageType(int number) {
    this.number = number;
  }

  public static MessageType of(int number) {
    for (MessageType t : values()) {
      if (t.number == number) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown message type " + number);
  }

  /** The response type for a vote request type. */
  MessageType voteResponse() {
    return switch (this) {
      case VOTE -> VOTE_RESP;
      case PRE_VOTE -> PRE_VOTE_RESP;
      default -> throw new IllegalStateException("not a vote request: " + this);
    };
  }
}
