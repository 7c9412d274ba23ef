package io.vetcd.bus;

/** The store's applied index after a batch: reads waiting for it and log compaction use it. */
public record AppliedBatch(long appliedIndex) {}
