package io.vetcd.sim;

/**
 * One client operation on a single key. Times are positions in one global event order (so
 * "returned before invoked" is exact); an unknown outcome returns at {@link #NEVER}.
 */
public final class Operation {
  public enum Kind { PUT, GET }

  public static final long NEVER = Long.MAX_VALUE;

  final long id;
  final int client;
  final Kind kind;
  final String key;
  /** For PUT the value written; for GET the value read (null: key absent). */
  String value;
  final long invokedAt;
  long returnedAt = NEVER;

  public Operation(long id, int client, Kind kind, String key, String value, long invokedAt) {
    this.id = id;
    this.client = client;
    this.kind = kind;
    this.key = key;
    this.value = value;
    this.invokedAt = invokedAt;
  }

  /** A finished operation, for building histories in tests. */
  public static Operation of(Kind kind, String key, String value, long invokedAt, long returnedAt) {
    return of(0, kind, key, value, invokedAt, returnedAt);
  }

  /**
   * A real client's operation, times from one monotonic clock (System.nanoTime in one JVM);
   * {@code returnedAt} is {@link #NEVER} for a put whose outcome the client does not know.
   */
  public static Operation of(int client, Kind kind, String key, String value, long invokedAt,
      long returnedAt) {
    Operation op = new Operation(invokedAt, client, kind, key, value, invokedAt);
    op.returnedAt = returnedAt;
    return op;
  }

  public String key() {
    return key;
  }

  @Override
  public String toString() {
    return kind + "(" + key + (value == null ? "" : "=" + value) + ")@[" + invokedAt + ","
        + (returnedAt == NEVER ? "?" : returnedAt) + "] c" + client;
  }
}
