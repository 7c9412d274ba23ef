package io.vetcd.bus;

import io.vetcd.proto.vetcdpb.Membership;

/**
 * The store is on disk up to {@code appliedIndex}, and {@code membership} is the cluster's
 * membership at that same index (read together on the apply thread): a snapshot marker needs both.
 */
public record SyncedStore(long appliedIndex, Membership membership) {}
