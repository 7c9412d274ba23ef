package io.vetcd.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vetcd.errors.EtcdError;
import io.vetcd.mvcc.ApplyResult;
import io.vetcd.proto.vetcdpb.InternalRequest;
import java.util.List;

/**
 * Puts writes into the Raft log and hands back their apply results. The writes of one event-loop
 * turn travel to the Raft verticle, and back, as one message each way. Any verticle that writes
 * (the client API, the auto-compactor) owns one, made on its own context.
 */
public final class Proposer {
  private final EventBus bus;
  private final RequestIds ids;
  private final RequestLimits limits;
  private final DeliveryOptions options;
  private final TurnBatcher<InternalRequest, ApplyResult> batcher;

  public Proposer(Vertx vertx, RequestIds ids, RequestLimits limits) {
    this.bus = vertx.eventBus();
    this.ids = ids;
    this.limits = limits;
    this.options = new DeliveryOptions().setSendTimeout(limits.requestTimeoutMillis());
    this.batcher = new TurnBatcher<>(vertx.getOrCreateContext(), this::proposeAll);
  }

  /**
   * Proposes {@code request} under a fresh id. Fails with etcd's request-too-large before anything
   * is proposed, or with its request timeout when Raft does not answer in time; an error of the
   * request itself (e.g. a compacted revision) comes back inside the successful result.
   */
  public Future<ApplyResult> propose(InternalRequest.Builder request) {
    InternalRequest internal = request.setId(ids.next()).build();
    if (internal.getSerializedSize() > limits.maxRequestBytes()) {
      return Future.failedFuture(EtcdError.REQUEST_TOO_LARGE.exception());
    }
    return batcher.submit(internal);
  }

  private Future<List<Future<ApplyResult>>> proposeAll(List<InternalRequest> requests) {
    return bus.<ProposalResults>request(Addresses.RAFT_PROPOSE, new Proposals(requests), options)
        .recover(RaftTimeout::asEtcdError)
        .map(reply -> reply.body().results().stream().map(Future::succeededFuture).toList());
  }
}
