package io.vetcd.consensus;

import io.vertx.core.eventbus.EventBus;
import io.vetcd.bus.Codecs;

/**
 * The local codecs of what the Raft driver and the peer transport exchange: they are types of
 * this layer, so {@link Codecs#registerAll} (below it) cannot name them. Whoever deploys a
 * {@link RaftVerticle} registers these too, peers or not: the driver publishes the membership on
 * every conf change.
 */
public final class ConsensusCodecs {
  private ConsensusCodecs() {}

  public static void registerAll(EventBus bus) {
    Codecs.registerLocal(bus, RaftMessages.class);
    Codecs.registerLocal(bus, PeerRoster.class);
    Codecs.registerLocal(bus, PeerActivity.class);
    Codecs.registerLocal(bus, OutgoingSnapshot.class);
    Codecs.registerLocal(bus, SnapshotStatus.class);
  }
}
