package io.vetcd.mvcc;

import io.vetcd.proto.vetcdpb.InternalRequest;

/** A Raft log entry that a quorum holds, ready to apply. {@code request} is null for entries
 *  that carry no client write (empty leader entries, configuration changes). */
public record CommittedEntry(long index, long term, InternalRequest request) {}
