package io.vetcd.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Wing and Gong's linearizability search with Lowe's memoization (the algorithm of Porcupine),
 * over a key-value model split per key (P-compositionality: a history is linearizable iff each
 * key's sub-history is). Each key is a register that starts absent. A put with an unknown outcome
 * never returns, so it may take effect at any point after its call, or (equivalently) never.
 *
 * <p>Values written are unique per key, as every workload here writes them. A put of unknown
 * outcome whose value no read returned is left out before the search: a linearization with it
 * can place it last (it never returns), where it affects nothing, so the verdict is the same
 * and the search does not branch on it. Real histories, where every write caught in a leader
 * change has an unknown outcome, stay small per key this way.
 */
public final class LinearizabilityChecker {
  private LinearizabilityChecker() {}

  /** Returns null if linearizable, else the key whose history is not. */
  public static String firstViolation(List<Operation> history) {
    Set<List<String>> observed = new HashSet<>();
    for (Operation op : history) {
      if (op.kind == Operation.Kind.GET && op.returnedAt != Operation.NEVER) {
        observed.add(Arrays.asList(op.key, op.value));
      }
    }
    TreeMap<String, List<Operation>> byKey = new TreeMap<>();
    for (Operation op : history) {
      if (op.returnedAt == Operation.NEVER && (op.kind == Operation.Kind.GET
          || !observed.contains(Arrays.asList(op.key, op.value)))) {
        continue; // an unanswered read, or a write nobody saw: neither constrains anything
      }
      byKey.computeIfAbsent(op.key, k -> new ArrayList<>()).add(op);
    }
    for (Map.Entry<String, List<Operation>> e : byKey.entrySet()) {
      if (!isLinearizable(e.getValue())) {
        return e.getKey();
      }
    }
    return null;
  }

  /** The history of one register. */
  public static boolean isLinearizable(List<Operation> ops) {
    Node head = buildEventList(ops);
    BitSet linearized = new BitSet(ops.size());
    Set<CacheKey> cache = new HashSet<>();
    ArrayList<Node> callStack = new ArrayList<>();
    ArrayList<String> stateStack = new ArrayList<>();
    String state = null;
    Node entry = head.next;
    while (head.next != null) {
      if (entry.isCall) {
        Operation op = entry.op;
        boolean legal = op.kind == Operation.Kind.PUT || Objects.equals(state, op.value);
        String next = op.kind == Operation.Kind.PUT ? op.value : state;
        if (legal) {
          BitSet tried = (BitSet) linearized.clone();
          tried.set(entry.index);
          if (cache.add(new CacheKey(tried, next))) {
            callStack.add(entry);
            stateStack.add(state);
            state = next;
            linearized.set(entry.index);
            entry.lift();
            entry = head.next;
            continue;
          }
        }
        entry = entry.next;
      } else {
        // A return event while its call is not linearized: undo the latest choice.
        if (callStack.isEmpty()) {
          return false;
        }
        Node undone = callStack.remove(callStack.size() - 1);
        state = stateStack.remove(stateStack.size() - 1);
        linearized.clear(undone.index);
        undone.unlift();
        entry = undone.next;
      }
    }
    return true;
  }

  private record CacheKey(BitSet linearized, String state) {}

  /** One call or return event in a doubly linked list ordered by time. */
  private static final class Node {
    final Operation op;
    final int index;
    final boolean isCall;
    Node match;
    Node prev;
    Node next;

    Node(Operation op, int index, boolean isCall) {
      this.op = op;
      this.index = index;
      this.isCall = isCall;
    }

    /** Removes this call and its return from the list. */
    void lift() {
      prev.next = next;
      if (next != null) {
        next.prev = prev;
      }
      match.prev.next = match.next;
      if (match.next != null) {
        match.next.prev = match.prev;
      }
    }

    void unlift() {
      match.prev.next = match;
      if (match.next != null) {
        match.next.prev = match;
      }
      prev.next = this;
      if (next != null) {
        next.prev = this;
      }
    }
  }

  private static Node buildEventList(List<Operation> ops) {
    record Event(long time, boolean isCall, Node node) {}
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      Operation op = ops.get(i);
      Node call = new Node(op, i, true);
      Node ret = new Node(op, i, false);
      call.match = ret;
      ret.match = call;
      events.add(new Event(op.invokedAt, true, call));
      events.add(new Event(op.returnedAt, false, ret));
    }
    // Returns at NEVER sort last; at equal times (only NEVER) calls go first.
    events.sort(Comparator.comparingLong(Event::time).thenComparing(e -> !e.isCall()));
    Node head = new Node(null, -1, false);
    Node last = head;
    for (Event e : events) {
      last.next = e.node();
      e.node().prev = last;
      last = e.node();
    }
    return head;
  }
}
