package io.vetcd.sim;

import java.util.ArrayList;
import java.util.List;

/** The clients' operations in one run, with a global event counter as the clock. */
final class History {
  private final List<Operation> operations = new ArrayList<>();
  private long clock;
  private long nextId = 1;

  Operation invoke(int client, Operation.Kind kind, String key, String value) {
    Operation op = new Operation(nextId++, client, kind, key, value, ++clock);
    operations.add(op);
    return op;
  }

  void complete(Operation op, String readValue) {
    if (op.kind == Operation.Kind.GET) {
      op.value = readValue;
    }
    op.returnedAt = ++clock;
  }

  /** The request had no effect (refused before anything was appended): drop it. */
  void discard(Operation op) {
    operations.remove(op);
  }

  /** No answer: a put may still take effect later; a read has no effect, so it is dropped. */
  void timeOut(Operation op) {
    if (op.kind == Operation.Kind.GET) {
      operations.remove(op);
    }
  }

  List<Operation> operations() {
    return operations;
  }
}
