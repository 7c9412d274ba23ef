package io.vetcd.raft;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * ReadIndex requests waiting for a heartbeat round to confirm leadership (thesis §6.4). Requests
 * are answered in arrival order; an acknowledgement for a later request confirms all earlier ones,
 * which is what batches reads: one heartbeat round answers every read queued before it.
 */
final class ReadOnlyQueue {
  record Pending(Message request, long index, Set<Long> acks) {}

  /** A byte array compared by content, to look up a request by its context. */
  private record ContextKey(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof ContextKey k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }
  }

  // Lookup only: order comes from the queue, so HashMap iteration order never matters.
  private final HashMap<ContextKey, Pending> byContext = new HashMap<>();
  private final ArrayDeque<ContextKey> queue = new ArrayDeque<>();

  /** Queues a request to be answered with {@code commitIndex}; a duplicate context is ignored. */
  void add(long commitIndex, Message request) {
    ContextKey key = new ContextKey(request.context());
    if (byContext.containsKey(key)) {
      return;
    }
    byContext.put(key, new Pending(request, commitIndex, new TreeSet<>()));
    queue.addLast(key);
  }

  /** Records that {@code from} acknowledged the heartbeat for {@code context}; null if unknown. */
  Set<Long> recordAck(long from, byte[] context) {
    Pending p = byContext.get(new ContextKey(context));
    if (p == null) {
      return null;
    }
    p.acks().add(from);
    return p.acks();
  }

  /** Removes and returns every request up to and including the one for {@code context}. */
  List<Pending> advance(byte[] context) {
    ContextKey target = new ContextKey(context);
    if (!byContext.containsKey(target)) {
      return List.of();
    }
    List<Pending> released = new ArrayList<>();
    while (!queue.isEmpty()) {
      ContextKey key = queue.pollFirst();
      released.add(byContext.remove(key));
      if (key.equals(target)) {
        break;
      }
    }
    return released;
  }

  /** The context of the newest request, to piggyback on heartbeats until it is confirmed. */
  byte[] lastPendingContext() {
    return queue.isEmpty() ? null : queue.peekLast().bytes();
  }

  void reset() {
    byContext.clear();
    queue.clear();
  }
}
