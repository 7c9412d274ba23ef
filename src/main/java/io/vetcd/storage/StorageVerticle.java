package io.vetcd.storage;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vetcd.bus.Addresses;
import io.vetcd.bus.AppliedBatch;
import io.vetcd.bus.ApplyBatch;
import io.vetcd.bus.LeasesChanged;
import io.vetcd.bus.PendingProposals;
import io.vetcd.bus.RevisionApplied;
import io.vetcd.bus.SyncedStore;
import io.vetcd.bus.TakenImage;
import io.vetcd.mvcc.ApplyResult;
import io.vetcd.mvcc.CommittedEntry;
import io.vetcd.mvcc.MvccStore;
import io.vetcd.proto.mvccpb.Event;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies committed entries to the MVCC store in log order. It is deployed as a worker verticle:
 * applying blocks on disk, and a worker context runs one message at a time, in order, which is
 * exactly the apply loop's contract. The batches that arrive while it applies one go together,
 * as one transaction ({@link #onBatch}). Physical compaction runs in bounded steps between batches;
 * a compaction that asks to be physical is answered when they are done, as etcd answers it.
 * After a batch that wrote, it announces the new revision with the batch's changes for the watch
 * hub, and the leases it granted or revoked for the lease verticle.
 */
public final class StorageVerticle extends VerticleBase {
  /** Obsolete versions removed per compaction step: bounds the pause it adds to the apply loop. */
  static final int COMPACTION_STEP_KEYS = 1000;

  private final MvccStore store;
  private MessageConsumer<ApplyBatch> consumer;
  /** Batches received and not applied yet, in log order. */
  private final List<Message<ApplyBatch>> arrived = new ArrayList<>();
  private boolean compacting;
  /** Answers to physical compactions, given when the compaction steps are done. */
  private final List<Runnable> afterCompaction = new ArrayList<>();

  public StorageVerticle(MvccStore store) {
    this.store = store;
  }

  /** A worker verticle on a pool of one thread, its alone: one thread applies in log order. */
  public static DeploymentOptions deployment() {
    return new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)
        .setWorkerPoolName("vetcd-apply").setWorkerPoolSize(1);
  }

  @Override
  public Future<?> start() {
    consumer = vertx.eventBus().consumer(Addresses.STORAGE_APPLY, this::onBatch);
    MessageConsumer<Void> sync = vertx.eventBus().consumer(Addresses.STORAGE_SYNC, this::sync);
    MessageConsumer<Void> image = vertx.eventBus().consumer(Addresses.STORAGE_IMAGE, message -> {
      applyArrived();
      message.reply(new TakenImage(store.image()));
    });
    MessageConsumer<Long> install =
        vertx.eventBus().consumer(Addresses.STORAGE_INSTALL, this::install);
    return Future.all(consumer.completion(), sync.completion(), image.completion(),
        install.completion());
  }

  /**
   * Replaces the store by a snapshot's image. Leases and watchers learn it as from any batch:
   * every lease granted before or after is announced (the lease verticle reads each again: gone
   * ones are revoked), and the new revision is announced, so the watch hub reads the changes up
   * to it from the new store's history, or cancels the watchers that need a compacted part of it
   * (as etcd's watchable store re-syncs its watchers after a restore).
   */
  private void install(Message<Long> message) {
    applyArrived();
    Set<Long> leases = new HashSet<>();
    store.leases().forEach(lease -> leases.add(lease.id()));
    store.install(message.body());
    store.leases().forEach(lease -> leases.add(lease.id()));
    message.reply(new AppliedBatch(store.appliedIndex()));
    vertx.eventBus().publish(Addresses.LEASES_CHANGED, new LeasesChanged(
        leases.stream().mapToLong(Long::longValue).toArray(), System.nanoTime() / 1_000_000));
    vertx.eventBus().publish(
        Addresses.REVISION_APPLIED, RevisionApplied.changesUnknown(store.currentRevision()));
    maybeCompact();
  }

  private void sync(Message<Void> message) {
    applyArrived();
    store.sync();
    message.reply(new SyncedStore(store.appliedIndex(), store.membership()));
  }

  /**
   * Keeps the batch and, if it is the first one waiting, queues a task that applies every batch
   * waiting then: that task runs after the messages already queued for this thread, so the
   * batches that arrived while the previous transaction ran go together, as one. Each Xodus
   * commit rewrites the roots of the trees it touched, so under load few large transactions cost
   * less than many small ones; an idle worker still applies a batch as soon as it comes. The
   * other requests apply what waits first, so that they come after it, as they were sent.
   */
  private void onBatch(Message<ApplyBatch> message) {
    if (arrived.isEmpty()) {
      vertx.runOnContext(v -> applyArrived());
    }
    arrived.add(message);
  }

  private void applyArrived() {
    if (arrived.isEmpty()) {
      return; // a request that came after them applied them already
    }
    List<Message<ApplyBatch>> messages = List.copyOf(arrived);
    arrived.clear();
    apply(ApplyBatch.merge(messages.stream().map(Message::body).toList()));
    AppliedBatch applied = new AppliedBatch(store.appliedIndex());
    messages.forEach(message -> message.reply(applied));
  }

  private void apply(ApplyBatch batch) {
    long revisionBefore = store.currentRevision();
    List<Event> changes = new ArrayList<>();
    List<ApplyResult> results = store.apply(batch.entries(), changes);
    long appliedAtMillis = System.nanoTime() / 1_000_000;
    if (store.currentRevision() != revisionBefore) {
      // Before the callers are answered, as etcd notifies its watchers at the end of the write:
      // a watcher's event then leaves no later than the put's answer.
      vertx.eventBus().publish(Addresses.REVISION_APPLIED,
          new RevisionApplied(revisionBefore, store.currentRevision(), changes));
    }
    Set<Long> physical = physicalCompactions(batch);
    for (ApplyResult result : results) {
      PendingProposals.Slot caller = batch.callers().get(result.requestId());
      if (caller == null) {
        continue;
      }
      if (result.error() == null && physical.contains(result.requestId())) {
        afterCompaction.add(() -> caller.answer(result));
      } else {
        caller.answer(result);
      }
    }
    long[] leases = leasesGrantedOrRevoked(batch);
    if (leases.length > 0) {
      vertx.eventBus().publish(Addresses.LEASES_CHANGED, new LeasesChanged(leases, appliedAtMillis));
    }
    maybeCompact();
  }

  private void maybeCompact() {
    if (!compacting && store.compactedRevision() > 0) {
      compacting = true;
      vertx.runOnContext(v -> compactStep());
    }
  }

  private static Set<Long> physicalCompactions(ApplyBatch batch) {
    Set<Long> ids = new HashSet<>();
    for (CommittedEntry entry : batch.entries()) {
      if (entry.request() != null && entry.request().getCompaction().getPhysical()) {
        ids.add(entry.request().getId());
      }
    }
    return ids;
  }

  private static long[] leasesGrantedOrRevoked(ApplyBatch batch) {
    return batch.entries().stream()
        .map(CommittedEntry::request)
        .filter(request -> request != null && (request.hasLeaseGrant() || request.hasLeaseRevoke()))
        .mapToLong(request -> request.hasLeaseGrant()
            ? request.getLeaseGrant().getID() : request.getLeaseRevoke().getID())
        .toArray();
  }

  private void compactStep() {
    compacting = store.compactStep(COMPACTION_STEP_KEYS);
    if (compacting) {
      vertx.runOnContext(v -> compactStep());
    } else {
      afterCompaction.forEach(Runnable::run);
      afterCompaction.clear();
    }
  }
}
