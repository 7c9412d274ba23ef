package io.vetcd.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import java.util.Collections;
import java.util.List;

/**
 * Linearizable reads wait here until this member has applied everything committed before they
 * arrived. Reads that arrive in the same event-loop turn share one barrier, requested after all
 * of them.
 */
public final class ReadBarrier {
  private final EventBus bus;
  private final DeliveryOptions options;
  private final TurnBatcher<Void, Long> batcher;

  public ReadBarrier(Vertx vertx, long timeoutMillis) {
    this.bus = vertx.eventBus();
    this.options = new DeliveryOptions().setSendTimeout(timeoutMillis);
    this.batcher = new TurnBatcher<>(vertx.getOrCreateContext(), this::oneForAll);
  }

  /** Completes with an applied index once every entry committed before the call is applied. */
  public Future<Long> await() {
    return batcher.submit(null);
  }

  private Future<List<Future<Long>>> oneForAll(List<Void> reads) {
    return bus.<Long>request(Addresses.RAFT_READ_INDEX, null, options)
        .recover(RaftTimeout::asEtcdError)
        .map(reply -> Collections.nCopies(reads.size(), Future.succeededFuture(reply.body())));
  }
}
