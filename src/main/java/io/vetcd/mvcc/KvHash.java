package io.vetcd.mvcc;

/**
 * etcd's HashKV answer: the CRC-32C of the key history up to a revision, laid out as etcd's key
 * bucket holds it, so members of one cluster (and an etcd member given the same writes) agree on
 * it exactly when they hold the same history. {@code hash} is an unsigned 32-bit value;
 * {@code compactRevision} is -1 for a store never compacted, as etcd answers.
 */
public record KvHash(long hash, long currentRevision, long compactRevision) {}
