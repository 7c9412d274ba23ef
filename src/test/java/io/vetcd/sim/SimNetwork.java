package io.vetcd.sim;

import io.vetcd.raft.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A virtual network: each message gets a random delay (so messages reorder), may be dropped or
 * duplicated, and is lost if its link is cut when it is due. Links are cut one way at a time, so
 * partitions can be symmetric, asymmetric or clogged node by node. A link's stream can also be
 * reset, as the peer transport's HTTP/2 stream can: what is in flight on it is lost, and so is
 * what is sent until the sender has opened it again.
 */
final class SimNetwork {
  private record InFlight(long deliverAt, long tieBreak, Message message) {}

  /**
   * Far above what a healthy run keeps in flight (members x inflight window x delay), so a run
   * past it is a message storm: an answer that provokes the message it answers, without end.
   */
  private static final int MAX_IN_FLIGHT = 500_000;

  private final SplittableRandom random;
  private final PriorityQueue<InFlight> queue = new PriorityQueue<>((a, b) ->
      a.deliverAt != b.deliverAt ? Long.compare(a.deliverAt, b.deliverAt)
          : Long.compare(a.tieBreak, b.tieBreak));
  /** Cut links, encoded as from * 1000 + to. */
  private final Set<Long> cut = new HashSet<>();
  /** Links whose stream was reset, with the step at which the sender has reopened it. */
  private final Map<Long, Long> reopensAt = new HashMap<>();
  double dropRate;
  double duplicateRate;
  int maxDelaySteps;
  long delivered;
  long dropped;

  SimNetwork(SplittableRandom random, SimOptions options) {
    this.random = random;
    this.dropRate = options.dropRate();
    this.duplicateRate = options.duplicateRate();
    this.maxDelaySteps = options.maxDelaySteps();
  }

  void send(long now, Message m) {
    if (!reopensAt.isEmpty() && isReopening(now, link(m.from(), m.to()))) {
      dropped++;
      return;
    }
    if (random.nextDouble() < dropRate) {
      dropped++;
      return;
    }
    int copies = random.nextDouble() < duplicateRate ? 2 : 1;
    for (int i = 0; i < copies; i++) {
      queue.add(new InFlight(now + 1 + random.nextInt(maxDelaySteps), random.nextLong(), m));
    }
    if (queue.size() > MAX_IN_FLIGHT) {
      throw new SafetyViolation("message storm: " + queue.size() + " messages in flight at step "
          + now + ", the last " + m.type() + " from " + m.from() + " to " + m.to());
    }
  }

  /** Messages due at or before {@code now} whose link is up, in delivery order. */
  List<Message> due(long now) {
    List<Message> out = new ArrayList<>();
    while (!queue.isEmpty() && queue.peek().deliverAt <= now) {
      Message m = queue.poll().message;
      if (cut.contains(link(m.from(), m.to()))) {
        dropped++;
      } else {
        out.add(m);
        delivered++;
      }
    }
    return out;
  }

  /**
   * The stream from {@code from} to {@code to} fails: the messages in flight on it are lost, and
   * so is every message sent on it in the next {@code downSteps} (the transport's backoff).
   */
  void resetStream(long now, long from, long to, long downSteps) {
    long link = link(from, to);
    int before = queue.size();
    queue.removeIf(f -> link(f.message.from(), f.message.to()) == link);
    dropped += before - queue.size();
    reopensAt.put(link, now + downSteps);
  }

  private boolean isReopening(long now, long link) {
    Long at = reopensAt.get(link);
    if (at == null) {
      return false;
    }
    if (now < at) {
      return true;
    }
    reopensAt.remove(link);
    return false;
  }

  void cut(long from, long to) {
    cut.add(link(from, to));
  }

  void restore(long from, long to) {
    cut.remove(link(from, to));
  }

  void isolate(long id, Iterable<Long> others) {
    for (long o : others) {
      cut(id, o);
      cut(o, id);
    }
  }

  void rejoin(long id, Iterable<Long> others) {
    for (long o : others) {
      restore(id, o);
      restore(o, id);
    }
  }

  void healAll() {
    cut.clear();
  }

  /** Back to a well-behaved network for the liveness phase. */
  void calm() {
    healAll();
    reopensAt.clear();
    dropRate = 0;
    duplicateRate = 0;
    maxDelaySteps = Math.min(maxDelaySteps, 5);
  }

  private static long link(long from, long to) {
    return from * 1000 + to;
  }
}
