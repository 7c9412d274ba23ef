package io.vetcd.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vetcd.errors.EtcdError;
import io.vetcd.mvcc.ApplyResult;
import io.vetcd.proto.etcdserverpb.PutResponse;
import io.vetcd.proto.vetcdpb.InternalRequest;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A batch of proposals gets one reply, once every request has its result, in request order. */
@ExtendWith(VertxExtension.class)
class PendingProposalsTest {
  private static final String ADDRESS = "test.proposals";

  @Test
  void repliesOnceWithEveryResultInRequestOrder(Vertx vertx, VertxTestContext test) {
    Codecs.registerAll(vertx.eventBus());
    AtomicInteger replies = new AtomicInteger();
    vertx.eventBus().<Proposals>consumer(ADDRESS, message -> {
      PendingProposals pending = new PendingProposals(message);
      // Applied out of order, as entries of two batches could be: only the last answer replies.
      pending.slot(2).answer(ok(3));
      pending.slot(0).answer(ok(1));
      pending.slot(1).answer(ApplyResult.failed(2, EtcdError.KEY_NOT_FOUND));
    });
    vertx.eventBus().<ProposalResults>request(ADDRESS, proposals(1, 2, 3))
        .onComplete(test.succeeding(reply -> test.verify(() -> {
          replies.incrementAndGet();
          List<ApplyResult> results = reply.body().results();
          assertEquals(List.of(1L, 2L, 3L), results.stream().map(ApplyResult::requestId).toList());
          assertEquals(EtcdError.KEY_NOT_FOUND, results.get(1).error());
          assertEquals(1, replies.get());
          test.completeNow();
        })));
  }

  @Test
  void failAllAnswersEveryRequestWithTheError(Vertx vertx, VertxTestContext test) {
    Codecs.registerAll(vertx.eventBus());
    vertx.eventBus().<Proposals>consumer(ADDRESS,
        message -> new PendingProposals(message).failAll(EtcdError.NO_LEADER));
    vertx.eventBus().<ProposalResults>request(ADDRESS, proposals(7, 8))
        .onComplete(test.succeeding(reply -> test.verify(() -> {
          assertEquals(List.of(ApplyResult.failed(7, EtcdError.NO_LEADER),
              ApplyResult.failed(8, EtcdError.NO_LEADER)), reply.body().results());
          test.completeNow();
        })));
  }

  private static Proposals proposals(long... ids) {
    return new Proposals(Arrays.stream(ids)
        .mapToObj(id -> InternalRequest.newBuilder().setId(id).build()).toList());
  }

  private static ApplyResult ok(long id) {
    return ApplyResult.ok(id, PutResponse.getDefaultInstance());
  }
}
