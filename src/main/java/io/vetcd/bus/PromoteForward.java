package io.vetcd.bus;

import io.vetcd.proto.vetcdpb.InternalRequest;

/**
 * A learner's promotion for the leader to decide, from a member that is not the leader: only the
 * leader knows how far the learner's log is (etcd's PromoteMember forwards it the same way). The
 * peer transport sends {@code request} (a promote member change) to member {@code leaderId}.
 */
public record PromoteForward(long leaderId, InternalRequest request) {}
