package io.vetcd.raft;

/** Volatile state worth telling the driver about; never persisted. */
public record SoftState(long leader, Role role) {}
