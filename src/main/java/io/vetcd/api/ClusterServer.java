package io.vetcd.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vetcd.bus.Addresses;
import io.vetcd.bus.PromoteForward;
import io.vetcd.bus.ProposalResults;
import io.vetcd.bus.Proposals;
import io.vetcd.bus.RequestIds;
import io.vetcd.config.MemberUrl;
import io.vetcd.consensus.MemberIds;
import io.vetcd.consensus.RaftView;
import io.vetcd.errors.EtcdError;
import io.vetcd.mvcc.ApplyResult;
import io.vetcd.mvcc.MvccStore;
import io.vetcd.proto.etcdserverpb.Member;
import io.vetcd.proto.etcdserverpb.MemberAddRequest;
import io.vetcd.proto.etcdserverpb.MemberAddResponse;
import io.vetcd.proto.etcdserverpb.MemberListResponse;
import io.vetcd.proto.etcdserverpb.MemberPromoteResponse;
import io.vetcd.proto.etcdserverpb.MemberRemoveResponse;
import io.vetcd.proto.etcdserverpb.MemberUpdateRequest;
import io.vetcd.proto.etcdserverpb.MemberUpdateResponse;
import io.vetcd.proto.etcdserverpb.ResponseHeader;
import io.vetcd.proto.vetcdpb.InternalRequest;
import io.vetcd.proto.vetcdpb.MemberChange;
import io.vetcd.proto.vetcdpb.Membership;
import java.util.List;

/**
 * Cluster membership as clients see it (etcdctl member ...). The list is the store's: what the
 * applied log says. A change goes through the Raft log as a conf change, and is answered, as in
 * etcd, once it is applied, with the members after it.
 *
 * <p>A promotion is decided by the leader, which alone knows how far the learner's log is: a
 * member that is not the leader hands it to the leader over the peer transport and, as etcd's
 * PromoteMember, asks again (waiting for a leader, or past an unreachable one) until the
 * request's deadline; the leader's refusals (not found, not a learner, not ready) end it at once.
 */
public final class ClusterServer {
  /** Between two attempts to hand a promotion to the leader. */
  private static final long PROMOTE_RETRY_MILLIS = 100;

  private final Vertx vertx;
  private final EventBus bus;
  private final RaftView raft;
  private final MvccStore store;
  private final ResponseHeaders headers;
  private final RequestIds ids;
  private final long requestTimeoutMillis;
  private final DeliveryOptions options;

  public ClusterServer(Vertx vertx, RaftView raft, MvccStore store, ResponseHeaders headers,
      RequestIds ids, long requestTimeoutMillis) {
    this.vertx = vertx;
    this.bus = vertx.eventBus();
    this.raft = raft;
    this.requestTimeoutMillis = requestTimeoutMillis;
    this.store = store;
    this.headers = headers;
    this.ids = ids;
    this.options = new DeliveryOptions().setSendTimeout(requestTimeoutMillis);
  }

  public Future<MemberListResponse> memberList() {
    return Future.succeededFuture(MemberListResponse.newBuilder()
        .setHeader(header())
        .addAllMembers(store.membership().getMembersList())
        .build());
  }

  public Future<MemberAddResponse> memberAdd(MemberAddRequest request) {
    List<String> urls;
    try {
      urls = request.getPeerURLsList().stream()
          .map(url -> MemberUrl.parse(url).toString()).sorted().toList();
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(EtcdError.MEMBER_BAD_URLS.exception());
    }
    Member added = Member.newBuilder()
        .setID(MemberIds.addedMemberId(urls, System.currentTimeMillis() / 1000))
        .addAllPeerURLs(urls)
        .setIsLearner(request.getIsLearner())
        .build();
    return change(memberChange(MemberChange.Action.ADD, added))
        .map(members -> MemberAddResponse.newBuilder()
            .setHeader(header()).setMember(added).addAllMembers(members).build());
  }

  public Future<MemberRemoveResponse> memberRemove(long id) {
    return change(memberChange(MemberChange.Action.REMOVE, Member.newBuilder().setID(id).build()))
        .map(members -> MemberRemoveResponse.newBuilder()
            .setHeader(header()).addAllMembers(members).build());
  }

  public Future<MemberUpdateResponse> memberUpdate(MemberUpdateRequest request) {
    // etcd takes the URLs as given here, without parsing them.
    Member updated = Member.newBuilder()
        .setID(request.getID()).addAllPeerURLs(request.getPeerURLsList()).build();
    return change(memberChange(MemberChange.Action.UPDATE, updated))
        .map(members -> MemberUpdateResponse.newBuilder()
            .setHeader(header()).addAllMembers(members).build());
  }

  public Future<MemberPromoteResponse> memberPromote(long id) {
    InternalRequest request =
        memberChange(MemberChange.Action.PROMOTE, Member.newBuilder().setID(id).build());
    long deadline = System.currentTimeMillis() + requestTimeoutMillis;
    return proposed(request)
        .compose(results -> result(results).error() == EtcdError.NOT_LEADER
            ? byLeader(request, deadline) : Future.succeededFuture(results))
        .compose(ClusterServer::members)
        .map(members -> MemberPromoteResponse.newBuilder()
            .setHeader(header()).addAllMembers(members).build());
  }

  private InternalRequest memberChange(MemberChange.Action action, Member member) {
    return InternalRequest.newBuilder()
        .setId(ids.next())
        .setMemberChange(MemberChange.newBuilder().setAction(action).setMember(member))
        .build();
  }

  /** Proposes one change and completes with the members after it was applied. */
  private Future<List<Member>> change(InternalRequest request) {
    return proposed(request).compose(ClusterServer::members);
  }

  private Future<ProposalResults> proposed(InternalRequest request) {
    return bus.<ProposalResults>request(
            Addresses.RAFT_MEMBER_CHANGE, new Proposals(List.of(request)), options)
        .recover(timeout -> Future.failedFuture(EtcdError.TIMEOUT.exception()))
        .map(io.vertx.core.eventbus.Message::body);
  }

  /** The leader's decision on the promotion {@code request}, asked until {@code deadline}. */
  private Future<ProposalResults> byLeader(InternalRequest request, long deadline) {
    long leader = raft.leaderId();
    long left = deadline - System.currentTimeMillis();
    if (left <= 0) {
      // etcd's waitLeader ends in "no leader"; a leader that never answered, in a timeout.
      return Future.failedFuture((leader == 0 ? EtcdError.NO_LEADER : EtcdError.TIMEOUT)
          .exception());
    }
    Future<ProposalResults> asked = leader == 0
        ? Future.failedFuture("no leader yet")
        : bus.<ProposalResults>request(Addresses.PEER_PROMOTE, new PromoteForward(leader, request),
                new DeliveryOptions().setSendTimeout(left))
            .map(io.vertx.core.eventbus.Message::body);
    return asked.recover(notDecided -> vertx.timer(Math.min(PROMOTE_RETRY_MILLIS, left))
        .compose(t -> byLeader(request, deadline)));
  }

  private static ApplyResult result(ProposalResults results) {
    return results.results().get(0);
  }

  private static Future<List<Member>> members(ProposalResults results) {
    ApplyResult result = result(results);
    return result.error() != null
        ? Future.failedFuture(result.error().exception())
        : Future.succeededFuture(((Membership) result.response()).getMembersList());
  }

  /** etcd's cluster responses carry no revision. */
  private ResponseHeader header() {
    return headers.at(0);
  }
}
