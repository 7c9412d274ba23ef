package io.vetcd.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vetcd.bus.Addresses;
import io.vetcd.bus.ProposalResults;
import io.vetcd.bus.Proposals;
import io.vetcd.bus.RequestIds;
import io.vetcd.config.MemberUrl;
import io.vetcd.consensus.MemberIds;
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
 */
public final class ClusterServer {
  private final EventBus bus;
  private final MvccStore store;
  private final ResponseHeaders headers;
  private final RequestIds ids;
  private final DeliveryOptions options;

  public ClusterServer(Vertx vertx, MvccStore store, ResponseHeaders headers, RequestIds ids,
      long requestTimeoutMillis) {
    this.bus = vertx.eventBus();
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
    return change(MemberChange.Action.ADD, added).map(members -> MemberAddResponse.newBuilder()
        .setHeader(header()).setMember(added).addAllMembers(members).build());
  }

  public Future<MemberRemoveResponse> memberRemove(long id) {
    return change(MemberChange.Action.REMOVE, Member.newBuilder().setID(id).build())
        .map(members -> MemberRemoveResponse.newBuilder()
            .setHeader(header()).addAllMembers(members).build());
  }

  public Future<MemberUpdateResponse> memberUpdate(MemberUpdateRequest request) {
    // etcd takes the URLs as given here, without parsing them.
    Member updated = Member.newBuilder()
        .setID(request.getID()).addAllPeerURLs(request.getPeerURLsList()).build();
    return change(MemberChange.Action.UPDATE, updated)
        .map(members -> MemberUpdateResponse.newBuilder()
            .setHeader(header()).addAllMembers(members).build());
  }

  public Future<MemberPromoteResponse> memberPromote(long id) {
    return change(MemberChange.Action.PROMOTE, Member.newBuilder().setID(id).build())
        .map(members -> MemberPromoteResponse.newBuilder()
            .setHeader(header()).addAllMembers(members).build());
  }

  /** Proposes one change and completes with the members after it was applied. */
  private Future<List<Member>> change(MemberChange.Action action, Member member) {
    InternalRequest request = InternalRequest.newBuilder()
        .setId(ids.next())
        .setMemberChange(MemberChange.newBuilder().setAction(action).setMember(member))
        .build();
    return bus.<ProposalResults>request(
            Addresses.RAFT_MEMBER_CHANGE, new Proposals(List.of(request)), options)
        .recover(timeout -> Future.failedFuture(EtcdError.TIMEOUT.exception()))
        .compose(reply -> {
          ApplyResult result = reply.body().results().get(0);
          return result.error() != null
              ? Future.failedFuture(result.error().exception())
              : Future.succeededFuture(((Membership) result.response()).getMembersList());
        });
  }

  /** etcd's cluster responses carry no revision. */
  private ResponseHeader header() {
    return headers.at(0);
  }
}
