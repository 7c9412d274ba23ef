package io.vetcd.errors;

/**
 * Every error a client can see, with the gRPC status code and the message etcd 3.4 sends for it.
 * Clients (clientv3, etcdctl) match on the message text, so it must stay byte for byte etcd's.
 * Every layer throws {@link EtcdException} with one of these (this package imports nothing of the
 * member's); the protocol adapters turn it into their own status once (gRPC status, HTTP status).
 */
public enum EtcdError {
  EMPTY_KEY(Code.INVALID_ARGUMENT, "etcdserver: key is not provided"),
  KEY_NOT_FOUND(Code.INVALID_ARGUMENT, "etcdserver: key not found"),
  VALUE_PROVIDED(Code.INVALID_ARGUMENT, "etcdserver: value is provided"),
  LEASE_PROVIDED(Code.INVALID_ARGUMENT, "etcdserver: lease is provided"),
  TOO_MANY_OPS(Code.INVALID_ARGUMENT, "etcdserver: too many operations in txn request"),
  DUPLICATE_KEY(Code.INVALID_ARGUMENT, "etcdserver: duplicate key given in txn request"),
  COMPACTED(Code.OUT_OF_RANGE, "etcdserver: mvcc: required revision has been compacted"),
  FUTURE_REV(Code.OUT_OF_RANGE, "etcdserver: mvcc: required revision is a future revision"),
  NO_SPACE(Code.RESOURCE_EXHAUSTED, "etcdserver: mvcc: database space exceeded"),
  LEASE_NOT_FOUND(Code.NOT_FOUND, "etcdserver: requested lease not found"),
  LEASE_EXIST(Code.FAILED_PRECONDITION, "etcdserver: lease already exists"),
  LEASE_TTL_TOO_LARGE(Code.OUT_OF_RANGE, "etcdserver: too large lease TTL"),
  REQUEST_TOO_LARGE(Code.INVALID_ARGUMENT, "etcdserver: request is too large"),
  TOO_MANY_REQUESTS(Code.RESOURCE_EXHAUSTED, "etcdserver: too many requests"),
  NO_LEADER(Code.UNAVAILABLE, "etcdserver: no leader"),
  NOT_LEADER(Code.FAILED_PRECONDITION, "etcdserver: not leader"),
  LEADER_CHANGED(Code.UNAVAILABLE, "etcdserver: leader changed"),
  STOPPED(Code.UNAVAILABLE, "etcdserver: server stopped"),
  TIMEOUT(Code.UNAVAILABLE, "etcdserver: request timed out"),
  // The client gave up on a waiting call (Go's context.Canceled); it never reads the status.
  CANCELED(Code.CANCELLED, "context canceled"),
  CORRUPT(Code.DATA_LOSS, "etcdserver: corrupt cluster"),
  MEMBER_EXIST(Code.FAILED_PRECONDITION, "etcdserver: member ID already exist"),
  PEER_URL_EXIST(Code.FAILED_PRECONDITION, "etcdserver: Peer URLs already exists"),
  // etcd maps this one to a client-side error value, not a status: clients get code Unknown.
  MEMBER_NOT_ENOUGH_STARTED(Code.UNKNOWN,
      "etcdserver: re-configuration failed due to not enough started members"),
  UNHEALTHY(Code.UNAVAILABLE, "etcdserver: unhealthy cluster"),
  MEMBER_BAD_URLS(Code.INVALID_ARGUMENT, "etcdserver: given member URLs are invalid"),
  // etcd answers a removed member's ID (membership: ID removed) with this one too.
  MEMBER_NOT_FOUND(Code.NOT_FOUND, "etcdserver: member not found"),
  MEMBER_NOT_LEARNER(Code.FAILED_PRECONDITION, "etcdserver: can only promote a learner member"),
  LEARNER_NOT_READY(Code.FAILED_PRECONDITION,
      "etcdserver: can only promote a learner member which is in sync with leader"),
  TOO_MANY_LEARNERS(Code.FAILED_PRECONDITION, "etcdserver: too many learner members in cluster"),
  BAD_LEADER_TRANSFEREE(Code.FAILED_PRECONDITION, "etcdserver: bad leader transferee"),
  // Not in etcd's status table either: code Unknown, as clients see it.
  LEADER_TRANSFER_TIMEOUT(Code.UNKNOWN,
      "etcdserver: request timed out, leader transfer took too long"),
  // The election service's errors are clientv3/concurrency's and v3election's plain Go errors,
  // which gRPC sends with code Unknown.
  ELECTION_NO_LEADER(Code.UNKNOWN, "election: no leader"),
  ELECTION_NOT_LEADER(Code.UNKNOWN, "election: not leader"),
  ELECTION_MISSING_LEADER_KEY(Code.UNKNOWN, "\"leader\" field must be provided"),
  // A watch that cannot be created is answered created and canceled with this cancel_reason,
  // never with a status; the messages are etcd's mvcc/watcher.go errors.
  WATCHER_EMPTY_RANGE(Code.INVALID_ARGUMENT, "mvcc: watcher range is empty"),
  WATCHER_DUPLICATE_ID(Code.INVALID_ARGUMENT, "mvcc: duplicate watch ID provided on the WatchStream");

  /** gRPC status codes by number, so that pure code need not import a gRPC library. */
  public enum Code {
    OK(0), CANCELLED(1), UNKNOWN(2), INVALID_ARGUMENT(3), DEADLINE_EXCEEDED(4), NOT_FOUND(5),
    ALREADY_EXISTS(6), PERMISSION_DENIED(7), RESOURCE_EXHAUSTED(8), FAILED_PRECONDITION(9),
    ABORTED(10), OUT_OF_RANGE(11), UNIMPLEMENTED(12), INTERNAL(13), UNAVAILABLE(14),
    DATA_LOSS(15), UNAUTHENTICATED(16);

    public final int number;

    Code(int number) {
      this.number = number;
    }
  }

  public final Code code;
  public final String message;

  EtcdError(Code code, String message) {
    this.code = code;
    this.message = message;
  }

  public EtcdException exception() {
    return new EtcdException(this);
  }
}
