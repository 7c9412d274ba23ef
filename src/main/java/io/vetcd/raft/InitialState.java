package io.vetcd.raft;

/** What a member loads on start: its last persisted hard state and membership. */
public record InitialState(HardState hardState, ConfState confState) {}
