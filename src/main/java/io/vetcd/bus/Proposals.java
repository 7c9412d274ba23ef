package io.vetcd.bus;

import io.vetcd.proto.vetcdpb.InternalRequest;
import java.util.List;

/**
 * The client writes of one event-loop turn on their way to the Raft log, answered with one
 * {@link ProposalResults}; each {@code request.getId()} routes its result back.
 */
public record Proposals(List<InternalRequest> requests) {}
