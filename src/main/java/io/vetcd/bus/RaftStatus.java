package io.vetcd.bus;

/** A member's view of the cluster, as Maintenance.Status reports it. */
public record RaftStatus(
    long memberId, long leaderId, long term, long commitIndex, long appliedIndex, boolean learner) {}
