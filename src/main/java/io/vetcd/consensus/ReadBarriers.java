package io.vetcd.consensus;

import io.vertx.core.eventbus.Message;
import io.vetcd.raft.ProposalDroppedException;
import io.vetcd.raft.RaftCore;
import io.vetcd.raft.ReadState;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Linearizable reads, batched as etcd batches them: at most one ReadIndex request is in the core
 * at a time, and every read that arrives meanwhile joins the next one. A read is released when the
 * member has applied up to the read index the leader confirmed.
 */
final class ReadBarriers {
  private List<Message<Void>> next = new ArrayList<>();
  private List<Message<Void>> inFlight = List.of();
  private long inFlightContext = -1;
  private long contextCounter;
  /** Reads whose index is known, waiting for the apply loop to reach it. */
  private final TreeMap<Long, List<Message<Void>>> awaitingApply = new TreeMap<>();

  void add(Message<Void> read, RaftCore core) {
    next.add(read);
    submitIfIdle(core);
  }

  void ready(ReadState state, long appliedIndex, RaftCore core) {
    if (contextOf(state) != inFlightContext) {
      return; // an answer to a request whose callers already timed out on an old leader
    }
    awaitingApply.computeIfAbsent(state.index(), i -> new ArrayList<>()).addAll(inFlight);
    inFlight = List.of();
    inFlightContext = -1;
    applied(appliedIndex);
    submitIfIdle(core);
  }

  /** A new leader does not know the old one's pending requests: ask it again. */
  void leaderChanged(RaftCore core) {
    if (inFlightContext >= 0) {
      inFlight.addAll(next);
      next = new ArrayList<>(inFlight);
      inFlight = List.of();
      inFlightContext = -1;
    }
    submitIfIdle(core);
  }

  void applied(long appliedIndex) {
    Map<Long, List<Message<Void>>> released = awaitingApply.headMap(appliedIndex, true);
    released.values().forEach(reads -> reads.forEach(read -> read.reply(appliedIndex)));
    released.clear();
  }

  private void submitIfIdle(RaftCore core) {
    if (inFlightContext >= 0 || next.isEmpty()) {
      return;
    }
    long context = contextCounter + 1;
    try {
      core.readIndex(ByteBuffer.allocate(8).putLong(context).array());
    } catch (ProposalDroppedException noLeader) {
      return; // the reads wait for a leader (leaderChanged) or time out
    }
    contextCounter = context;
    inFlightContext = context;
    inFlight = next;
    next = new ArrayList<>();
  }

  private static long contextOf(ReadState state) {
    return state.context().length == 8 ? ByteBuffer.wrap(state.context()).getLong() : -2;
  }
}
