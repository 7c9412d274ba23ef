package io.vetcd.consensus;

/** Whether the snapshot for member {@code to} was delivered (etcd's SnapshotFinish/Failure). */
public record SnapshotStatus(long to, boolean delivered) {}
