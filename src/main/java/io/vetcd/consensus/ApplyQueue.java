package io.vetcd.consensus;

import io.vertx.core.Handler;
import io.vertx.core.eventbus.EventBus;
import io.vetcd.bus.Addresses;
import io.vetcd.bus.AppliedBatch;
import io.vetcd.bus.ApplyBatch;
import io.vetcd.bus.PendingProposals;
import io.vetcd.mvcc.CommittedEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands committed entries to the apply worker with one batch in flight: entries committed while
 * the worker applies a batch wait here, and go together, as one storage transaction, when it
 * answers. Each transaction's commit rewrites the roots of the trees it touched, so under load
 * this turns many small transactions into few large ones; an idle worker gets entries at once.
 */
final class ApplyQueue {
  private final EventBus bus;
  private final Handler<AppliedBatch> applied;
  private final Handler<Throwable> fatal;
  private List<CommittedEntry> entries = new ArrayList<>();
  private Map<Long, PendingProposals.Slot> callers = new HashMap<>();
  private int inFlight;

  /**
   * @param applied told of each batch the worker applied, in order
   * @param fatal told when the worker failed to apply one
   */
  ApplyQueue(EventBus bus, Handler<AppliedBatch> applied, Handler<Throwable> fatal) {
    this.bus = bus;
    this.applied = applied;
    this.fatal = fatal;
  }

  /** Entries in log order, after every entry added before, with the calls waiting on them. */
  void add(List<CommittedEntry> committed, Map<Long, PendingProposals.Slot> waiting) {
    entries.addAll(committed);
    callers.putAll(waiting);
    if (inFlight == 0) {
      send();
    }
  }

  /** Sends what waits now, so that a message sent to the worker next comes after it. */
  void flush() {
    send();
  }

  private void send() {
    if (entries.isEmpty()) {
      return;
    }
    ApplyBatch batch = new ApplyBatch(entries, callers);
    entries = new ArrayList<>();
    callers = new HashMap<>();
    inFlight++;
    bus.<AppliedBatch>request(Addresses.STORAGE_APPLY, batch)
        .onSuccess(reply -> {
          inFlight--;
          if (inFlight == 0) {
            send();
          }
          applied.handle(reply.body());
        })
        .onFailure(fatal);
  }
}
