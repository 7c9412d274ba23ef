package io.vetcd.bus;

import io.vetcd.mvcc.CommittedEntry;
import java.util.List;

/** Committed entries, in log order, to apply in one storage transaction. */
public record ApplyBatch(List<CommittedEntry> entries) {}
