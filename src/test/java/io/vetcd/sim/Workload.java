package io.vetcd.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Clients that each run one operation at a time: puts of unique values and linearizable reads
 * (ReadIndex) on a few keys, sent to a random live member, with a timeout.
 */
final class Workload {
  private static final String[] KEYS = {"a", "b", "c"};
  private static final int TIMEOUT_STEPS = 600;

  private final class Client {
    final int number;
    Operation outstanding;
    SimNode servedBy;
    long requestId;
    long deadline;
    int sequence;

    Client(int number) {
      this.number = number;
    }
  }

  private final Simulation sim;
  private final SplittableRandom random;
  private final History history = new History();
  private final List<Client> clients = new ArrayList<>();
  private final java.util.HashMap<Operation, Long> requestIds = new java.util.HashMap<>();
  private long nextRequestId = 1;
  boolean issuing = true;
  int completed;

  Workload(Simulation sim, SplittableRandom random, int clientCount) {
    this.sim = sim;
    this.random = random;
    for (int i = 0; i < clientCount; i++) {
      clients.add(new Client(i));
    }
  }

  History history() {
    return history;
  }

  long requestIdOf(Operation op) {
    Long id = requestIds.get(op);
    return id == null ? -1 : id;
  }

  long newRequestId() {
    return nextRequestId++;
  }

  void step(long now, List<SimNode> upNodes) {
    for (Client c : clients) {
      if (c.outstanding != null && c.outstanding.returnedAt != Operation.NEVER) {
        c.outstanding = null;
        completed++;
      }
      if (c.outstanding != null && now >= c.deadline) {
        c.servedBy.forget(c.requestId);
        history.timeOut(c.outstanding);
        c.outstanding = null;
      }
      if (c.outstanding == null && issuing && !upNodes.isEmpty()
          && random.nextDouble() < sim.options().clientOpRate()) {
        issue(c, now, upNodes.get(random.nextInt(upNodes.size())));
      }
    }
  }

  private void issue(Client c, long now, SimNode node) {
    String key = KEYS[random.nextInt(KEYS.length)];
    long requestId = newRequestId();
    Operation op;
    boolean accepted;
    if (random.nextInt(10) < 6) {
      op = history.invoke(c.number, Operation.Kind.PUT, key, "c" + c.number + "-" + (++c.sequence));
      requestIds.put(op, requestId);
      accepted = node.submitPut(op, requestId);
    } else {
      op = history.invoke(c.number, Operation.Kind.GET, key, null);
      requestIds.put(op, requestId);
      accepted = node.submitRead(op, requestId);
    }
    if (!accepted) {
      history.discard(op);
      return;
    }
    c.outstanding = op;
    c.servedBy = node;
    c.requestId = requestId;
    c.deadline = now + TIMEOUT_STEPS;
  }

  void complete(Operation op, String readValue) {
    if (op.returnedAt == Operation.NEVER) {
      history.complete(op, readValue);
    }
  }
}
