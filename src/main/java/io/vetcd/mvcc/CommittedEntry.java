package io.vetcd.mvcc;

import io.vetcd.errors.EtcdError;
import io.vetcd.proto.vetcdpb.InternalRequest;
import io.vetcd.proto.vetcdpb.Membership;

/**
 * A Raft log entry that a quorum holds, ready to apply. {@code request} is null for entries that
 * carry no request (empty leader entries). An entry that changes the cluster's members (a conf
 * change, a member publishing its attributes) carries the whole {@code membership} after it,
 * which the store keeps with the applied index; one the Raft driver refused carries its
 * {@code refusal} instead, and changes nothing.
 */
public record CommittedEntry(long index, long term, InternalRequest request,
    Membership membership, EtcdError refusal) {

  public CommittedEntry(long index, long term, InternalRequest request) {
    this(index, term, request, null, null);
  }
}
