package io.vetcd.bus;

import io.vetcd.mvcc.CommittedEntry;
import java.util.List;
import java.util.Map;

/**
 * Committed entries, in log order, to apply in one storage transaction, with the client calls
 * waiting on them by proposal id: the storage verticle answers those as soon as it has applied
 * the batch, without a further hop through the Raft verticle.
 */
public record ApplyBatch(List<CommittedEntry> entries, Map<Long, PendingProposals.Slot> callers) {}
