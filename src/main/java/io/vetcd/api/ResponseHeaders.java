package io.vetcd.api;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.vetcd.consensus.RaftView;
import io.vetcd.proto.etcdserverpb.ResponseHeader;

/** Fills etcd's response header: who answered, in which term, at which store revision. */
public final class ResponseHeaders {
  /** Every etcd v3 response carries its header as field 1. */
  private static final int HEADER_FIELD = 1;

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

  /**
   * The store answers with only the revision in the header (it knows nothing of members and
   * terms); this returns {@code response} with the member's fields added, as etcd's API layer
   * fills them in.
   */
  @SuppressWarnings("unchecked")
  public <T extends Message> T fill(T response) {
    FieldDescriptor field = response.getDescriptorForType().findFieldByNumber(HEADER_FIELD);
    long revision = ((ResponseHeader) response.getField(field)).getRevision();
    return (T) response.toBuilder().setField(field, at(revision)).build();
  }
}
