package io.vetcd.bus;

import io.vetcd.mvcc.CommittedEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Committed entries, in log order, to apply in one storage transaction, with the client calls
 * waiting on them by proposal id: the storage verticle answers those as soon as it has applied
 * the batch, without a further hop through the Raft verticle.
 */
public record ApplyBatch(List<CommittedEntry> entries, Map<Long, PendingProposals.Slot> callers) {

  /** The batches as one, their entries in the order given. */
  public static ApplyBatch merge(List<ApplyBatch> batches) {
    if (batches.size() == 1) {
      return batches.get(0);
    }
    List<CommittedEntry> entries = new ArrayList<>();
    Map<Long, PendingProposals.Slot> callers = new HashMap<>();
    for (ApplyBatch batch : batches) {
      entries.addAll(batch.entries());
      callers.putAll(batch.callers());
    }
    return new ApplyBatch(entries, callers);
  }
}
