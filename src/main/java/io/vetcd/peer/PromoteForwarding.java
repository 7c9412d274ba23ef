package io.vetcd.peer;

import com.google.protobuf.InvalidProtocolBufferException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vetcd.bus.Addresses;
import io.vetcd.bus.ProposalResults;
import io.vetcd.bus.Proposals;
import io.vetcd.errors.EtcdError;
import io.vetcd.mvcc.ApplyResult;
import io.vetcd.proto.vetcdpb.InternalRequest;
import io.vetcd.proto.vetcdpb.Membership;
import java.util.List;

/**
 * A learner's promotion asked of a follower, carried to the leader, which alone knows whether the
 * learner caught up (etcd's {@code POST /members/promote/<id>} on the leader's peer URL).
 * The body is the follower's member-change request, proposed by the leader as it is, the way a
 * follower's proposals reach the leader's log with their ids. The leader answers 200 with the
 * members after the promotion, or, as etcd's handler does, 404 for a member not found and 412 for
 * a member that is not a learner or not ready, the message being etcd's; anything else (no longer
 * the leader, a timeout) is 503 and the follower asks again.
 */
final class PromoteForwarding {
  static final String PATH_PREFIX = "/members/promote/";

  private final Vertx vertx;
  private final LocalMember self;

  PromoteForwarding(Vertx vertx, LocalMember self) {
    this.vertx = vertx;
    this.self = self;
  }

  /** The follower's side: the leader's decision, failed when it made none. */
  Future<ProposalResults> forward(HttpClient client, Peer leader, InternalRequest request) {
    String uri = PATH_PREFIX + Long.toUnsignedString(request.getMemberChange().getMember().getID());
    return client.request(leader.post(uri, self))
        .compose(http -> http.send(Buffer.buffer(request.toByteArray())))
        .compose(response -> response.body().compose(body -> decision(request, response, body)));
  }

  /**
   * The leader's side, for a request {@link PeerTransport} admitted. The follower stops waiting
   * at its client's deadline; the change is answered here once applied or refused.
   */
  void serve(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      InternalRequest promote;
      try {
        promote = InternalRequest.parseFrom(body.getBytes());
      } catch (InvalidProtocolBufferException e) {
        request.response().setStatusCode(400).end("not a member change\n");
        return;
      }
      vertx.eventBus().<ProposalResults>request(Addresses.RAFT_MEMBER_CHANGE,
              new Proposals(List.of(promote)))
          .onSuccess(reply -> answer(request, reply.body().results().get(0)))
          .onFailure(e -> request.response().setStatusCode(503).end(e.getMessage() + "\n"));
    });
  }

  private static void answer(HttpServerRequest request, ApplyResult result) {
    if (result.error() == null) {
      request.response().end(Buffer.buffer(result.response().toByteArray()));
      return;
    }
    int status = switch (result.error()) {
      case MEMBER_NOT_FOUND -> 404;
      case MEMBER_NOT_LEARNER, LEARNER_NOT_READY -> 412;
      default -> 503;
    };
    request.response().setStatusCode(status).end(result.error().message + "\n");
  }

  private static Future<ProposalResults> decision(InternalRequest request,
      HttpClientResponse response, Buffer body) {
    long id = request.getId();
    String text = body.toString();
    try {
      // LEARNER_NOT_READY's message begins with MEMBER_NOT_LEARNER's: it is looked for first.
      ApplyResult result = switch (response.statusCode()) {
        case 200 -> ApplyResult.ok(id, Membership.parseFrom(body.getBytes()));
        case 404 -> ApplyResult.failed(id, EtcdError.MEMBER_NOT_FOUND);
        case 412 -> text.contains(EtcdError.LEARNER_NOT_READY.message)
            ? ApplyResult.failed(id, EtcdError.LEARNER_NOT_READY)
            : text.contains(EtcdError.MEMBER_NOT_LEARNER.message)
                ? ApplyResult.failed(id, EtcdError.MEMBER_NOT_LEARNER) : null;
        default -> null;
      };
      return result != null ? Future.succeededFuture(new ProposalResults(List.of(result)))
          : Future.failedFuture("the leader answered HTTP " + response.statusCode() + ": "
              + text.strip());
    } catch (InvalidProtocolBufferException e) {
      return Future.failedFuture("the leader's members are malformed: " + e.getMessage());
    }
  }
}
