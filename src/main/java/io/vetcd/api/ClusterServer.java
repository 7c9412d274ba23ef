package io.vetcd.api;

import io.vertx.core.Future;
import io.vetcd.proto.etcdserverpb.Member;
import io.vetcd.proto.etcdserverpb.MemberListResponse;
import java.util.List;

/** Cluster membership as clients see it (etcdctl member list). Membership changes through Raft
 *  belong to the cluster issue; until then the members are those of --initial-cluster. */
public final class ClusterServer {
  private final List<Member> members;
  private final ResponseHeaders headers;

  public ClusterServer(List<Member> members, ResponseHeaders headers) {
    this.members = List.copyOf(members);
    this.headers = headers;
  }

  public Future<MemberListResponse> memberList() {
    return Future.succeededFuture(MemberListResponse.newBuilder()
        .setHeader(headers.at(0))
        .addAllMembers(members)
        .build());
  }
}
