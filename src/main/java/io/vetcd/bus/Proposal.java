package io.vetcd.bus;

import io.vetcd.proto.vetcdpb.InternalRequest;

/** A client write on its way to the Raft log; {@code request.getId()} routes the result back. */
public record Proposal(InternalRequest request) {}
