package io.vetcd.peer;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * A test-only fault hook, so that tests can cut links between real processes: this member drops
 * every message to and from the members it is told to {@code cut} (both directions, so telling
 * one member is enough to isolate it), drops a share of those to others ({@code drop}), and
 * delays those to others ({@code delay}, in milliseconds, order kept); and it ends the next
 * snapshot it sends after so many bytes ({@code cutSnapshotAfter}, once), a transfer cut short. It exists only when the
 * JVM runs with {@code -Dvetcd.test.peer-faults=true}; then {@code POST /test/faults} on the peer
 * port replaces the faults with its JSON body, e.g.
 * {@code {"cut":["node2","node3"],"drop":{"node1":0.5},"delay":{"node1":200}}}; {@code {}}
 * heals everything. Runs on the transport's event loop only.
 */
final class PeerFaults {
  static final String SYSTEM_PROPERTY = "vetcd.test.peer-faults";
  static final String PATH = "/test/faults";

  private final Map<String, Long> idsByName;
  private final SplittableRandom random = new SplittableRandom();
  private Set<Long> cut = Set.of();
  private Map<Long, Double> dropRate = Map.of();
  private Map<Long, Long> delayMillis = Map.of();
  private long snapshotCutBytes;

  private PeerFaults(Map<String, Long> idsByName) {
    this.idsByName = Map.copyOf(idsByName);
  }

  /** The hook, or null (no faults, no endpoint) unless the system property enables it. */
  static PeerFaults ifEnabled(Map<String, Long> idsByName) {
    return Boolean.getBoolean(SYSTEM_PROPERTY) ? new PeerFaults(idsByName) : null;
  }

  /** Whether a message between this member and {@code peer} is lost (either direction). */
  boolean drops(long peer) {
    return cut.contains(peer) || random.nextDouble() < dropRate.getOrDefault(peer, 0.0);
  }

  long delayMillis(long peer) {
    return delayMillis.getOrDefault(peer, 0L);
  }

  /** The bytes after which to cut the snapshot about to be sent (0: none); asked once per send. */
  long takeSnapshotCut() {
    long bytes = snapshotCutBytes;
    snapshotCutBytes = 0;
    return bytes;
  }

  void handle(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      try {
        replace(body.length() == 0 ? new JsonObject() : body.toJsonObject());
        request.response().end("ok\n");
      } catch (RuntimeException e) {
        request.response().setStatusCode(400).end(e.getMessage() + "\n");
      }
    });
  }

  private void replace(JsonObject faults) {
    JsonObject drop = faults.getJsonObject("drop", new JsonObject());
    JsonObject delay = faults.getJsonObject("delay", new JsonObject());
    Set<Long> newCut = faults.getJsonArray("cut", new JsonArray()).stream()
        .map(name -> idOf(String.valueOf(name))).collect(Collectors.toUnmodifiableSet());
    Map<Long, Double> newDrop = drop.fieldNames().stream()
        .collect(Collectors.toUnmodifiableMap(this::idOf, name -> drop.getDouble(name)));
    Map<Long, Long> newDelay = delay.fieldNames().stream()
        .collect(Collectors.toUnmodifiableMap(this::idOf, name -> delay.getLong(name)));
    cut = newCut;
    dropRate = newDrop;
    delayMillis = newDelay;
    snapshotCutBytes = faults.getLong("cutSnapshotAfter", 0L);
  }

  private long idOf(String name) {
    Long id = idsByName.get(name);
    if (id == null) {
      throw new IllegalArgumentException("no member named " + name + " (members: "
          + idsByName.keySet() + ")");
    }
    return id;
  }
}
