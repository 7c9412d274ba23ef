package io.vetcd.bus;

import io.vertx.core.eventbus.EventBus;

/** Registers the local codec of every type that travels on the member's event bus. */
public final class Codecs {
  private Codecs() {}

  public static void registerAll(EventBus bus) {
    LocalCodec.register(bus, Proposals.class);
    LocalCodec.register(bus, ProposalResults.class);
    LocalCodec.register(bus, ApplyBatch.class);
    LocalCodec.register(bus, AppliedBatch.class);
    LocalCodec.register(bus, RaftStatus.class);
    LocalCodec.register(bus, RevisionApplied.class);
    LocalCodec.register(bus, LeasesChanged.class);
    LocalCodec.register(bus, LeaseIds.class);
    LocalCodec.register(bus, LeaseTtls.class);
    LocalCodec.register(bus, LeaseForward.class);
    LocalCodec.register(bus, PromoteForward.class);
    LocalCodec.register(bus, TakenImage.class);
    LocalCodec.register(bus, SyncedStore.class);
  }

  /** Registers the local codec of an immutable type of a layer above this one. */
  public static <T> void registerLocal(EventBus bus, Class<T> type) {
    LocalCodec.register(bus, type);
  }
}
