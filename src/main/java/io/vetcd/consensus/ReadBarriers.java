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
 *
 * <p>A request's context is this member's id and a counter: the leader keeps pending requests by
 * context, so two members must never use the same one. A request (or its answer) may be lost
 * between members; one that has no answer after {@link #RETRY_TICKS} ticks is asked again under a
 * new context, and a late answer to the old one is ignored.
 */
final class ReadBarriers {
  /** Ticks (heartbeat intervals) to wait for the leader's answer before asking again. */
  static final int RETRY_TICKS = 5;
  private static final int CONTEXT_BYTES = 16;
  private final long memberId;
  private List<Message<Void>> next = new ArrayList<>();
  private List<Message<Void>> inFlight = List.of();
  private long inFlightContext = -1;
  private long contextCounter;
  private int inFlightTicks;
  /** Reads whose index is known, waiting for the apply loop to reach it. */
  private final TreeMap<Long, List<Message<Void>>> awaitingApply = new TreeMap<>();

  ReadBarriers(long memberId) {
    this.memberId = memberId;
  }

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
    askAgain(core);
  }

  /** One tick passed: a request unanswered for too long was lost on the way; ask again. */
  void tick(RaftCore core) {
    if (inFlightContext >= 0 && ++inFlightTicks >= RETRY_TICKS) {
      askAgain(core);
    }
  }

  private void askAgain(RaftCore core) {
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
      core.readIndex(ByteBuffer.allocate(CONTEXT_BYTES).putLong(memberId).putLong(context).array());
    } catch (ProposalDroppedException noLeader) {
      return; // the reads wait for a leader (leaderChanged) or time out
    }
    contextCounter = context;
    inFlightContext = context;
    inFlightTicks = 0;
    inFlight = next;
    next = new ArrayList<>();
  }

  /** This member's counter in {@code state}'s context, or -2 for another member's context. */
  private long contextOf(ReadState state) {
    if (state.context().length != CONTEXT_BYTES) {
      return -2;
    }
    ByteBuffer context = ByteBuffer.wrap(state.context());
    return context.getLong() == memberId ? context.getLong() : -2;
  }
}
