package io.vetcd.raft;

/**
 * The answer to {@link RaftCore#readIndex(byte[])}: once the state machine has applied
 * {@code index}, a read that started before the request is linearizable.
 */
public record ReadState(long index, byte[] context) {}
