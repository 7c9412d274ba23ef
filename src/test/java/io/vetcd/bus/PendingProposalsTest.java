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
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A batch of proposals gets one reply, once every request has its result, in request order. */
@ExtendWith(VertxExtension.class)
class PendingProposalsTest {
  private static final String ADDRESS = "test.proposals";

  @Test
  void repliesOnceWithEveryResultInRequestOrder(Vertx vertx, VertxTestContext test) {
    Codecs.registerAll(vertx.eventBus());
    List<ProposalResults> sent = repliesSent(vertx);
    vertx.eventBus().<Proposals>consumer(ADDRESS, message -> test.verify(() -> {
      PendingProposals pending = new PendingProposals(message);
      // Applied out of order, as entries of two batches could be: only the last answer replies.
      pending.slot(2).answer(ok(3));
      pending.slot(0).answer(ok(1));
      assertEquals(List.of(), sent, "replied before every request had its result");
      pending.slot(1).answer(ApplyResult.failed(2, EtcdError.KEY_NOT_FOUND));
      assertEquals(1, sent.size(), "replies sent for one batch");
    }));
    vertx.eventBus().<ProposalResults>request(ADDRESS, proposals(1, 2, 3))
        .onComplete(test.succeeding(reply -> test.verify(() -> {
          assertEquals(List.of(ok(1), ApplyResult.failed(2, EtcdError.KEY_NOT_FOUND), ok(3)),
              reply.body().results());
          assertEquals(List.of(reply.body()), sent, "the requester got the one reply sent");
          test.completeNow();
        })));
  }

  /**
   * Every ProposalResults put on the bus, recorded as it is sent: an outbound interceptor runs on
   * the sending thread, so the list shows what {@link PendingProposals} sent and when, whatever the
   * requester's reply handler (which Vert.x calls at most once) gets to see.
   */
  private static List<ProposalResults> repliesSent(Vertx vertx) {
    List<ProposalResults> sent = new CopyOnWriteArrayList<>();
    vertx.eventBus().addOutboundInterceptor(delivery -> {
      if (delivery.message().body() instanceof ProposalResults results) {
        sent.add(results);
      }
      delivery.next();
    });
    return sent;
  }

  /** A second answer to one request (two entries with its id) neither replaces nor counts. */
  @Test
  void aSecondAnswerToOneRequestIsIgnored(Vertx vertx, VertxTestContext test) {
    Codecs.registerAll(vertx.eventBus());
    List<ProposalResults> sent = repliesSent(vertx);
    vertx.eventBus().<Proposals>consumer(ADDRESS, message -> test.verify(() -> {
      PendingProposals pending = new PendingProposals(message);
      pending.slot(0).answer(ok(1));
      pending.slot(0).answer(ApplyResult.failed(1, EtcdError.KEY_NOT_FOUND));
      assertEquals(List.of(), sent, "replied with the second request unanswered");
      pending.slot(1).answer(ok(2));
    }));
    vertx.eventBus().<ProposalResults>request(ADDRESS, proposals(1, 2))
        .onComplete(test.succeeding(reply -> test.verify(() -> {
          assertEquals(List.of(ok(1), ok(2)), reply.body().results());
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
