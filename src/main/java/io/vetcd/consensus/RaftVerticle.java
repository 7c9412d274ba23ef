package io.vetcd.consensus;

import com.google.protobuf.InvalidProtocolBufferException;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vetcd.bus.Addresses;
import io.vetcd.bus.AppliedBatch;
import io.vetcd.bus.ApplyBatch;
import io.vetcd.bus.PendingProposals;
import io.vetcd.bus.Proposals;
import io.vetcd.bus.RaftStatus;
import io.vetcd.consensus.wal.SnapshotMarker;
import io.vetcd.consensus.wal.Wal;
import io.vetcd.errors.EtcdError;
import io.vetcd.mvcc.ApplyResult;
import io.vetcd.mvcc.CommittedEntry;
import io.vetcd.proto.vetcdpb.InternalRequest;
import io.vetcd.proto.vetcdpb.Membership;
import io.vetcd.raft.Entry;
import io.vetcd.raft.Message;
import io.vetcd.raft.MessageType;
import io.vetcd.raft.ProposalDroppedException;
import io.vetcd.raft.RaftCore;
import io.vetcd.raft.ReadState;
import io.vetcd.raft.Ready;
import io.vetcd.raft.Snapshot;
import io.vetcd.raft.StableLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the pure Raft core: owns its tick timer, persists each Ready to the WAL before anything
 * that depends on it, hands committed entries to the storage verticle in log order, and answers
 * the waiting client calls when their entries are applied.
 *
 * <p>One thread of its own ({@link #deployment()}), which writes and fsyncs the WAL itself, as
 * etcd's raft goroutine does: a write then crosses no thread between its save and its commit.
 * When the save was a task on a thread of the WAL's own, each write took two more thread
 * wake-ups (to the WAL thread and back), which on a 2-core machine were most of a 1-client put's
 * latency above etcd's.
 *
 * <p>Group commit: while the thread fsyncs, new proposals queue as tasks of its context; the
 * next Ready is handled after them and carries them all, so one fsync covers every proposal made
 * during the previous one.
 *
 * <p>Pipelined apply, as etcd's raftNode: a Ready's committed entries were made durable by an
 * earlier Ready (the core hands out only persisted entries), so they go to the apply loop before
 * this Ready's new entries are written, and apply overlaps the next fsync. A write thus waits for
 * one fsync, not two, and is still acknowledged only after its own WAL record is fsynced.
 *
 * <p>Peers: messages from other members arrive on {@link Addresses#RAFT_STEP} and are stepped
 * into the core; the core's messages go to the peer transport ({@link Addresses#PEER_SEND}) only
 * once what they promise is durable, except a leader's appends and heartbeats, which go out while
 * it fsyncs its own copy ({@link Ready#sendableBeforePersist}). A proposal made on a follower is
 * forwarded to the leader by the core; its caller waits here, by request id, until the entry is
 * applied locally. When the leader changes, every proposal still waiting fails at once with
 * etcd's "leader changed": its entry may be lost with the old leader's term.
 */
public final class RaftVerticle extends VerticleBase {
  /** etcdctl's own command timeout is 5 s: answer before it gives up. */
  private static final long MOVE_LEADER_TIMEOUT_MILLIS = 4_000;
  /** etcd stops a removed member after this delay (stopWithDelay in EtcdServer.applyAll). */
  private static final long REMOVED_STOP_DELAY_MILLIS = 1_000;

  /** Unpacking and swapping a big store takes long; a timeout here would stop the member. */
  private static final DeliveryOptions INSTALL = new DeliveryOptions().setSendTimeout(600_000);
  /**
   * A batch waits behind the store's compaction steps and merged batches before it: a slow disk
   * may take long, and a timeout here would stop the member.
   */
  private static final DeliveryOptions APPLY = new DeliveryOptions().setSendTimeout(600_000);

  private static final Logger LOG = LoggerFactory.getLogger(RaftVerticle.class);
  private final RaftCore core;
  private final Wal wal;
  private final StableLog storage;
  private final RaftView view;
  private final long tickMillis;
  private final ReadBarriers reads;
  private final LogCompaction logCompaction;
  private final FaultPoints faults;
  private final Reconfiguration reconfiguration;
  private final OutgoingSnapshots outgoingSnapshots = new OutgoingSnapshots();
  private LeadershipTransfer leadershipTransfer;
  /** Client calls waiting for their entry to be committed, by proposal id; once it is, the
   *  storage verticle answers them directly after applying it. */
  private final Map<Long, PendingProposals.Slot> waiting = new HashMap<>();
  /** Proposals received since the last Ready: they go into the next one together (group commit). */
  private final List<PendingProposals> proposed = new ArrayList<>();
  /** Set when this verticle stops: a closing Vert.x cuts off the storage work still in flight. */
  private boolean stopping;
  /** Whether a task to handle the core's Ready is queued already ({@link #readySoon}). */
  private boolean readyQueued;
  private long appliedIndex;
  private long tickTimer;

  /** @param appliedIndex the store's applied index at start: entries up to it are not re-sent */
  public RaftVerticle(RaftCore core, Wal wal, StableLog storage, Reconfiguration reconfiguration,
      long appliedIndex, RaftView view, long tickMillis, long snapshotCount) {
    this(core, wal, storage, reconfiguration, appliedIndex, view, tickMillis, snapshotCount,
        FaultPoints.NONE);
  }

  /** As above, with test hooks in the write path. */
  RaftVerticle(RaftCore core, Wal wal, StableLog storage, Reconfiguration reconfiguration,
      long appliedIndex, RaftView view, long tickMillis, long snapshotCount, FaultPoints faults) {
    this.faults = faults;
    this.reconfiguration = reconfiguration;
    this.core = core;
    this.wal = wal;
    this.storage = storage;
    this.view = view;
    this.tickMillis = tickMillis;
    this.appliedIndex = appliedIndex;
    this.reads = new ReadBarriers(view.memberId());
    this.logCompaction = new LogCompaction(snapshotCount, wal, core, storage, reconfiguration);
  }

  /**
   * A worker verticle on a pool of one thread, its alone: the WAL's fsync may block it, and its
   * tasks (proposals, peer messages, ticks) run in order on that one thread.
   */
  public static DeploymentOptions deployment() {
    return new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)
        .setWorkerPoolName("vetcd-raft").setWorkerPoolSize(1);
  }

  @Override
  public Future<?> start() {
    EventBus bus = vertx.eventBus();
    bus.<Proposals>consumer(Addresses.RAFT_PROPOSE, this::onProposals);
    bus.<Void>consumer(Addresses.RAFT_READ_INDEX, this::onReadIndex);
    bus.<Void>consumer(Addresses.RAFT_STATUS, this::onStatus);
    bus.<Proposals>consumer(Addresses.RAFT_MEMBER_CHANGE, this::onMemberChange);
    leadershipTransfer = new LeadershipTransfer(vertx, core, tickMillis, MOVE_LEADER_TIMEOUT_MILLIS);
    bus.<Long>consumer(Addresses.RAFT_MOVE_LEADER, request -> leadershipTransfer.start(
        request, view.memberId(), reconfiguration.members()));
    bus.<RaftMessages>consumer(Addresses.RAFT_STEP, this::onPeerMessages);
    bus.<PeerActivity>consumer(Addresses.PEER_ACTIVITY,
        activity -> reconfiguration.peerActivity(activity.body()));
    bus.<Long>consumer(Addresses.PEER_GONE, gone -> {
      core.leaderGone(gone.body());
      readySoon();
    });
    bus.<SnapshotStatus>consumer(Addresses.RAFT_SNAPSHOT_STATUS, status -> {
      outgoingSnapshots.reported(status.body(), core);
      readySoon();
    });
    tickTimer = vertx.setPeriodic(tickMillis, id -> {
      core.tick();
      reads.tick(core);
      readySoon();
    });
    var members = core.status().confState();
    if (members.voters().equals(List.of(view.memberId()))) {
      core.campaign();
    }
    readySoon();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    vertx.cancelTimer(tickTimer);
    return Future.succeededFuture();
  }

  private void onProposals(io.vertx.core.eventbus.Message<Proposals> message) {
    proposed.add(new PendingProposals(message));
    readySoon();
  }

  /** Hands every proposal that arrived since the last Ready to the core as one batch. */
  private void proposeQueued() {
    if (proposed.isEmpty()) {
      return;
    }
    List<byte[]> batch = new ArrayList<>();
    for (PendingProposals pending : proposed) {
      for (InternalRequest request : pending.requests()) {
        batch.add(request.toByteArray());
      }
    }
    try {
      core.proposeBatch(batch);
      for (PendingProposals pending : proposed) {
        List<InternalRequest> requests = pending.requests();
        for (int i = 0; i < requests.size(); i++) {
          waiting.put(requests.get(i).getId(), pending.slot(i));
        }
      }
    } catch (ProposalDroppedException e) {
      proposed.forEach(pending -> pending.failAll(EtcdError.NO_LEADER));
    }
    proposed.clear();
  }

  /** One member change (a conf change whose context is the request), answered once applied. */
  private void onMemberChange(io.vertx.core.eventbus.Message<Proposals> message) {
    PendingProposals pending = new PendingProposals(message);
    InternalRequest request = pending.requests().get(0);
    EtcdError refusal = reconfiguration.propose(request, core, System.currentTimeMillis());
    if (refusal != null) {
      pending.failAll(refusal);
      return;
    }
    waiting.put(request.getId(), pending.slot(0));
    readySoon();
  }

  private void onPeerMessages(io.vertx.core.eventbus.Message<RaftMessages> message) {
    for (Message m : message.body().messages()) {
      try {
        core.step(m);
      } catch (IllegalArgumentException notForUs) {
        // A peer's message the core refuses (e.g. one with no term) changes nothing; drop it.
      }
    }
    readySoon();
  }

  private void onReadIndex(io.vertx.core.eventbus.Message<Void> message) {
    reads.add(message, core);
    readySoon();
  }

  private void onStatus(io.vertx.core.eventbus.Message<Void> message) {
    var status = core.status();
    message.reply(new RaftStatus(view.memberId(), status.leader(), status.term(), status.commit(),
        appliedIndex, status.confState().learners().contains(view.memberId())));
  }

  /**
   * Handles the core's Ready as a task queued behind the proposals and messages already waiting
   * for this thread, the ones that arrived during the last fsync among them: they all join that
   * Ready, and one fsync covers them (group commit). Every event asks for it here; one task
   * answers all the asks made before it runs.
   */
  private void readySoon() {
    if (!readyQueued) {
      readyQueued = true;
      context.runOnContext(v -> {
        readyQueued = false;
        processReady();
      });
    }
  }

  private void processReady() {
    proposeQueued();
    if (core.hasReady() && handle(core.ready()) && core.hasReady()) {
      readySoon(); // e.g. the entries this one saved, now committed
    }
  }

  /** @return false when the WAL failed while the member stops: nothing more may be handled */
  private boolean handle(Ready ready) {
    long previousLeader = view.leaderId();
    if (ready.softState() != null) {
      view.update(core.status().term(), ready.softState().leader());
      reads.leaderChanged(core);
    }
    if (ready.hardState() != null) {
      view.update(ready.hardState().term(), view.leaderId());
    }
    // Already durable (see the class comment): apply them while the new entries are written.
    apply(ready.committedEntries());
    if (view.leaderId() != previousLeader) {
      LOG.info("leader changed from {} to {} at term {} ({} proposals failed)",
          Long.toHexString(previousLeader), Long.toHexString(view.leaderId()), view.term(),
          waiting.size());
      failWaiting(EtcdError.LEADER_CHANGED);
    }
    if (ready.hardState() == null && ready.entries().isEmpty() && ready.snapshot() == null) {
      // Nothing to make durable (e.g. only read states): no disk round trip.
      afterPersist(ready, ready.messages());
      return true;
    }
    if (!ready.mustSync()) {
      // Only the commit index moved: nothing waits for it to be durable (a restart recomputes
      // it), so it is written in WAL order, unsynced.
      if (!persist(() -> wal.save(ready.hardState(), ready.entries(), false))) {
        return false;
      }
      afterPersist(ready, ready.messages());
      return true;
    }
    List<Message> early = new ArrayList<>();
    List<Message> late = new ArrayList<>();
    for (Message m : ready.messages()) {
      (Ready.sendableBeforePersist(m) ? early : late).add(m);
    }
    send(early);
    if (!persist(() -> {
      if (ready.snapshot() != null) {
        markSnapshot(ready.snapshot());
      }
      faults.beforeSave(ready.entries());
      wal.save(ready.hardState(), ready.entries());
      faults.afterSave(ready.entries());
    })) {
      return false;
    }
    afterPersist(ready, late);
    return true;
  }

  /** Runs a WAL write; a failure is {@link #fatal}. @return whether it succeeded */
  private boolean persist(Runnable write) {
    try {
      write.run();
      return true;
    } catch (RuntimeException | Error e) {
      fatal(e);
      return false;
    }
  }

  /**
   * The snapshot received from the leader (its image is in the snapshot directory,
   * checksummed) now covers the log up to its index; the entries before it are useless. From
   * this record on, a restart installs the image if this run did not finish doing so.
   */
  private void markSnapshot(Snapshot snapshot) {
    wal.saveSnapshotMarker(
        new SnapshotMarker(snapshot.index(), snapshot.term(), snapshot.data()));
    wal.releaseBefore(snapshot.index());
  }

  /**
   * Loop: the marker is durable; the log, the membership and then the store follow the
   * snapshot. The install goes to the apply worker after every batch handed to it before, and
   * before any entry after the snapshot.
   */
  private void installSnapshot(Snapshot snapshot) {
    storage.applySnapshot(snapshot);
    reconfiguration.restore(snapshot.index(), ClusterMembers.of(parseMembership(snapshot.data())));
    logCompaction.restored(snapshot.index());
    vertx.eventBus().publish(Addresses.PEER_ROSTER, reconfiguration.members().peerRoster());
    LOG.info("installing the snapshot at index {} (term {}) from the leader", snapshot.index(),
        snapshot.term());
    vertx.eventBus().<AppliedBatch>request(Addresses.STORAGE_INSTALL, snapshot.index(), INSTALL)
        .onSuccess(reply -> {
          LOG.info("installed the snapshot at index {}", snapshot.index());
          onApplied(reply.body());
        })
        .onFailure(this::fatal);
  }

  private static Membership parseMembership(byte[] data) {
    try {
      return Membership.parseFrom(data);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a snapshot without a readable membership", e);
    }
  }

  /** @param messages those of the Ready that had to wait until it was durable */
  private void afterPersist(Ready ready, List<Message> messages) {
    if (ready.snapshot() != null) {
      installSnapshot(ready.snapshot());
    }
    if (ready.hardState() != null) {
      storage.setHardState(ready.hardState());
    }
    storage.append(ready.entries());
    send(messages);
    for (ReadState state : ready.readStates()) {
      reads.ready(state, appliedIndex, core);
    }
    core.advance(ready);
  }

  /** A SNAP message needs an image of the store first ({@link OutgoingSnapshots}). */
  private void send(List<Message> messages) {
    List<Message> plain = new ArrayList<>(messages.size());
    for (Message m : messages) {
      if (m.type() == MessageType.SNAP) {
        outgoingSnapshots.send(vertx.eventBus(), m, storage, core);
      } else {
        plain.add(m);
      }
    }
    if (!plain.isEmpty()) {
      vertx.eventBus().send(Addresses.PEER_SEND, new RaftMessages(plain));
    }
  }

  /** Answers every proposal not committed yet with {@code error} (its entry may still commit). */
  private void failWaiting(EtcdError error) {
    waiting.forEach((id, caller) -> caller.answer(ApplyResult.failed(id, error)));
    waiting.clear();
  }

  private void apply(List<Entry> committed) {
    if (committed.isEmpty()) {
      return;
    }
    List<CommittedEntry> batch = new ArrayList<>(committed.size());
    Map<Long, PendingProposals.Slot> callers = new HashMap<>();
    ClusterMembers membersBefore = reconfiguration.members();
    for (Entry entry : committed) {
      CommittedEntry applied = reconfiguration.committed(entry, core);
      InternalRequest request = applied.request();
      if (request != null && waiting.containsKey(request.getId())) {
        callers.put(request.getId(), waiting.remove(request.getId()));
      }
      batch.add(applied);
    }
    if (!reconfiguration.members().equals(membersBefore)) {
      vertx.eventBus().publish(Addresses.PEER_ROSTER, reconfiguration.members().peerRoster());
      if (reconfiguration.members().isRemoved(view.memberId())) {
        stopRemoved();
      }
    }
    vertx.eventBus().<AppliedBatch>request(Addresses.STORAGE_APPLY, new ApplyBatch(batch, callers),
            APPLY)
        .onSuccess(reply -> onApplied(reply.body()))
        .onFailure(this::fatal);
  }

  private void onApplied(AppliedBatch applied) {
    appliedIndex = Math.max(appliedIndex, applied.appliedIndex());
    reads.applied(appliedIndex);
    logCompaction.maybeSnapshot(vertx.eventBus(), appliedIndex, this::fatal);
  }

  /**
   * This member's removal is applied: as etcd, it stops after a second (time for its last
   * acknowledgements to reach the leader), with etcd's message and exit status.
   */
  private void stopRemoved() {
    vertx.setTimer(REMOVED_STOP_DELAY_MILLIS, id -> RemovedMember.exit());
  }

  /** The WAL or the store failed: continuing could acknowledge writes that are not durable. */
  private void fatal(Throwable failure) {
    if (stopping || isStorageGone(failure)) {
      // The member is closing: nothing is acknowledged after this, and a restart recovers from
      // the WAL as after any stop.
      LOG.info("storage work cut off by the member's stop: {}", failure.toString());
      return;
    }
    System.err.println("vetcd: fatal storage failure, stopping: " + failure);
    failure.printStackTrace();
    Runtime.getRuntime().halt(1);
  }

  /**
   * The apply worker's addresses have no handler: the storage verticle, deployed before this one,
   * was undeployed first by a closing Vert.x (close undeploys every verticle at once).
   */
  private static boolean isStorageGone(Throwable failure) {
    return failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS;
  }
}
