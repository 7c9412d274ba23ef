package io.vetcd.bus;

import io.vertx.core.eventbus.Message;
import io.vetcd.errors.EtcdError;
import io.vetcd.mvcc.ApplyResult;
import io.vetcd.proto.vetcdpb.InternalRequest;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link Proposals} message waiting for its entries to be applied: the apply loop fills in one
 * result per request and the last one sends the single reply. The apply loop answers the
 * requests whose entries it applied while the Raft verticle may fail the others of the same
 * batch (a leader change), so answering is synchronized.
 */
public final class PendingProposals {
  private final Message<Proposals> message;
  private final ApplyResult[] results;
  private int remaining;

  public PendingProposals(Message<Proposals> message) {
    this.message = message;
    this.results = new ApplyResult[message.body().requests().size()];
    this.remaining = results.length;
  }

  public List<InternalRequest> requests() {
    return message.body().requests();
  }

  /** The caller waiting for the request at {@code position}. */
  public Slot slot(int position) {
    return new Slot(this, position);
  }

  /** Answers every request with the same error, e.g. when there is no leader to propose to. */
  public void failAll(EtcdError error) {
    message.reply(new ProposalResults(
        requests().stream().map(request -> ApplyResult.failed(request.getId(), error)).toList()));
  }

  private synchronized void answer(int position, ApplyResult result) {
    if (results[position] != null) {
      // Answered already: counting it twice would send the reply with another request unanswered.
      return;
    }
    results[position] = result;
    if (--remaining == 0) {
      message.reply(new ProposalResults(Arrays.asList(results)));
    }
  }

  /** One request's place in its batch. */
  public record Slot(PendingProposals batch, int position) {
    public void answer(ApplyResult result) {
      batch.answer(position, result);
    }
  }
}
