package io.vetcd.bus;

/** The member's request limits: etcd's --max-request-bytes and --max-txn-ops, and how long a
 *  request may wait for Raft before it fails with etcd's request timeout. */
public record RequestLimits(long maxRequestBytes, int maxTxnOps, long requestTimeoutMillis) {}
