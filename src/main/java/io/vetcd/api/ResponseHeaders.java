package io.vetcd.api;

import io.vetcd.consensus.RaftView;
import io.vetcd.proto.etcdserverpb.ResponseHeader;

/** Fills etcd's response header: who answered, in which term, at which store revision. */
public final class ResponseHeaders {
  private final RaftView raft;

  public ResponseHeaders(RaftView raft) {
    this.raft = raft;
  }

  public ResponseHeader at(long revision) {
    return ResponseHeader.newBuilder()
        .setClusterId(raft.clusterId())
        .setMemberId(raft.memberId())
        .setRevision(revision)
        .setRaftTerm(raft.term())
        .build();
  }

  /** Keeps the revision the store put in {@code header} and adds the member fields. */
  public ResponseHeader complete(ResponseHeader header) {
    return at(header.getRevision());
  }
}
