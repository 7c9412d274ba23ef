package io.vetcd.sim;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The replicated state of a simulated member: a key-value map plus the requests it applied. */
final class KvStateMachine {
  private final TreeMap<String, String> values = new TreeMap<>();
  private final TreeSet<Long> appliedRequests = new TreeSet<>();

  /** Applies a put once per request id; returns false for a duplicate. */
  boolean apply(SimCommand cmd) {
    if (!appliedRequests.add(cmd.requestId())) {
      return false;
    }
    if (cmd.kind() == SimCommand.PUT) {
      values.put(cmd.key(), cmd.value());
    }
    return true;
  }

  String get(String key) {
    return values.get(key);
  }

  byte[] snapshot() {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> e : values.entrySet()) {
      out.append("v ").append(e.getKey()).append(' ').append(e.getValue()).append('\n');
    }
    for (long id : appliedRequests) {
      out.append("r ").append(id).append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  static KvStateMachine restore(byte[] snapshot) {
    KvStateMachine sm = new KvStateMachine();
    for (String line : new String(snapshot, StandardCharsets.UTF_8).split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      String[] parts = line.split(" ", 3);
      if (parts[0].equals("v")) {
        sm.values.put(parts[1], parts[2]);
      } else {
        sm.appliedRequests.add(Long.parseLong(parts[1]));
      }
    }
    return sm;
  }
}
