package io.vetcd.consensus;

import io.vetcd.raft.Message;
import java.util.List;

/**
 * Raft messages between the driver and the peer transport, on the event bus: to send, in the
 * order the core produced them, or received, in the order they arrived on one peer stream.
 * Immutable (the core hands out a copy), so it travels by reference.
 */
public record RaftMessages(List<Message> messages) {
  public RaftMessages {
    messages = List.copyOf(messages);
  }
}
