package io.vetcd.consensus;

import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vetcd.bus.Addresses;
import io.vetcd.bus.TakenImage;
import io.vetcd.mvcc.StoreImage;
import io.vetcd.raft.Message;
import io.vetcd.raft.MessageType;
import io.vetcd.raft.RaftCore;
import io.vetcd.raft.Snapshot;
import io.vetcd.raft.StableLog;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The leader's side of snapshots, on the Raft driver's loop: a SNAP message from the core becomes
 * an image of the store (taken by the apply worker) that the peer transport streams; its outcome
 * goes back to the core (etcd's ReportSnapshot). One transfer per follower at a time: the core
 * asks again when it thinks a snapshot was lost (after two election timeouts), and a transfer
 * still running then is left to finish.
 */
final class OutgoingSnapshots {
  /** Taking an image waits for the batch being applied; a big batch takes seconds. */
  private static final DeliveryOptions IMAGE = new DeliveryOptions().setSendTimeout(60_000);

  private final Set<Long> sending = new HashSet<>();

  /** @param log the leader's log: the term of the image's index is there (it is applied) */
  void send(EventBus bus, Message snap, StableLog log, RaftCore core) {
    long to = snap.to();
    if (!sending.add(to)) {
      return;
    }
    bus.<TakenImage>request(Addresses.STORAGE_IMAGE, null, IMAGE)
        .onSuccess(reply -> {
          StoreImage image = reply.body().image();
          long index = image.appliedIndex();
          Snapshot metadata = new Snapshot(index, log.term(index),
              ClusterMembers.of(image.membership()).confState(),
              image.membership().toByteArray());
          Message merged = new Message(MessageType.SNAP, to, snap.from(), snap.term(), 0, 0,
              List.of(), 0, metadata, false, 0, null);
          bus.send(Addresses.PEER_SNAPSHOT, new OutgoingSnapshot(merged, image));
        })
        .onFailure(failure -> reported(new SnapshotStatus(to, false), core));
  }

  void reported(SnapshotStatus status, RaftCore core) {
    sending.remove(status.to());
    core.reportSnapshot(status.to(), status.delivered());
  }
}
