package io.vetcd.lease;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vetcd.bus.Addresses;
import io.vetcd.bus.LeaseForward;
import io.vetcd.bus.LeaseIds;
import io.vetcd.bus.LeaseTtls;
import io.vetcd.bus.LeasesChanged;
import io.vetcd.bus.Proposer;
import io.vetcd.bus.RequestIds;
import io.vetcd.bus.RequestLimits;
import io.vetcd.consensus.RaftView;
import io.vetcd.errors.EtcdError;
import io.vetcd.mvcc.Lease;
import io.vetcd.mvcc.MvccStore;
import io.vetcd.proto.etcdserverpb.LeaseCheckpoint;
import io.vetcd.proto.etcdserverpb.LeaseCheckpointRequest;
import io.vetcd.proto.etcdserverpb.LeaseRevokeRequest;
import io.vetcd.proto.vetcdpb.InternalRequest;
import java.util.Collection;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The member's lease clocks, on one event loop: on the leader only, a timer turns expired leases
 * into revoke proposals, in bounded batches, and checkpoints remaining TTLs through the log at a
 * bounded rate; keepalives renew in memory and are not logged (etcd's approach). It follows the
 * leader through {@link RaftView}: becoming leader starts every lease's clock afresh from its
 * checkpointed or full TTL, losing leadership stops them all.
 *
 * <p>On a cluster, a follower forwards keepalives and remaining-TTL questions to the leader's
 * lease verticle through the peer transport, as etcd's LeaseRenew does over leasehttp, and retries
 * (waiting for a leader, or past a leader change) until the request's time is nearly up: then it
 * answers etcd's "no leader" when it still has none, "request timed out" otherwise.
 */
public final class LeaseVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseVerticle.class);
  /** Expiry is checked this often: a lease's keys go at most this long after its TTL, plus the
   *  time its revoke takes through the log. */
  static final long TICK_MILLIS = 50;
  /** Revokes proposed per tick (all in one event-bus message): 3,000 per second at most, so a
   *  mass expiry leaves room in the log for the writers that share it (at 10,000 per second a
   *  writer's put p99 was 4-5x etcd's during one; etcd paces at 1,000). */
  static final int REVOKES_PER_TICK = 150;
  /** How often remaining TTLs are checkpointed (etcd's default is 5 minutes, behind a flag). */
  static final long CHECKPOINT_INTERVAL_MILLIS = 5_000;
  /** Checkpoints per interval, in one log entry (etcd's maxLeaseCheckpointBatchSize). */
  static final int CHECKPOINTS_PER_INTERVAL = 1_000;
  /** A forwarded request that failed (no leader yet, the leader changed) is tried again after
   *  this long. */
  static final long FORWARD_RETRY_MILLIS = 100;
  /** A forwarding follower answers this long before the client's request times out, so the
   *  client hears etcd's error rather than the bus timeout. */
  static final long FORWARD_ANSWER_MARGIN_MILLIS = 500;

  private final MvccStore store;
  private final RaftView raft;
  private final RequestIds ids;
  private final RequestLimits limits;
  /** The clock of {@link LeasesChanged#appliedAtMillis()} too. */
  private final LongSupplier clockMillis = () -> System.nanoTime() / 1_000_000;
  private final Lessor lessor = new Lessor(CHECKPOINT_INTERVAL_MILLIS);
  private Proposer proposer;
  private EventBus bus;

  public LeaseVerticle(MvccStore store, RaftView raft, RequestIds ids, RequestLimits limits) {
    this.store = store;
    this.raft = raft;
    this.ids = ids;
    this.limits = limits;
  }

  @Override
  public Future<?> start() {
    proposer = new Proposer(vertx, ids, limits);
    vertx.setPeriodic(TICK_MILLIS, t -> tick());
    vertx.setPeriodic(CHECKPOINT_INTERVAL_MILLIS, t -> checkpoint());
    bus = vertx.eventBus();
    return Future.all(
        bus.<LeasesChanged>consumer(Addresses.LEASES_CHANGED, this::onChanged).completion(),
        bus.<LeaseIds>consumer(Addresses.LEASE_RENEW, this::onRenew).completion(),
        bus.<LeaseIds>consumer(Addresses.LEASE_REMAINING, this::onRemaining).completion());
  }

  private void tick() {
    long now = clockMillis.getAsLong();
    if (!followLeader(now)) {
      return;
    }
    for (long leaseId : lessor.expired(now, REVOKES_PER_TICK)) {
      proposer.propose(InternalRequest.newBuilder()
              .setLeaseRevoke(LeaseRevokeRequest.newBuilder().setID(leaseId)))
          .onSuccess(result -> {
            if (result.error() == EtcdError.LEASE_NOT_FOUND) {
              lessor.revoked(leaseId); // revoked by a client meanwhile
            }
          })
          .onFailure(e -> LOG.debug("revoke of expired lease {} failed, retrying: {}",
              leaseId, e.getMessage()));
    }
    propose(lessor.clears(CHECKPOINTS_PER_INTERVAL));
  }

  private void checkpoint() {
    long now = clockMillis.getAsLong();
    if (followLeader(now)) {
      propose(lessor.checkpoints(now, CHECKPOINTS_PER_INTERVAL));
    }
  }

  private void propose(List<LeaseCheckpoint> checkpoints) {
    if (checkpoints.isEmpty()) {
      return;
    }
    proposer.propose(InternalRequest.newBuilder().setLeaseCheckpoint(
            LeaseCheckpointRequest.newBuilder().addAllCheckpoints(checkpoints)))
        .onFailure(e -> LOG.debug("lease checkpoint failed: {}", e.getMessage()));
  }

  /** Promotes or demotes the lessor to match Raft's leadership; true while this is the leader. */
  private boolean followLeader(long now) {
    boolean leader = raft.leaderId() == raft.memberId();
    if (leader && !lessor.isPrimary()) {
      Collection<Lease> leases = store.leases();
      lessor.promote(leases, now);
      LOG.debug("leader: lease clocks started for {} leases", leases.size());
    } else if (!leader && lessor.isPrimary()) {
      lessor.demote();
    }
    return leader;
  }

  private void onChanged(Message<LeasesChanged> message) {
    long appliedAt = message.body().appliedAtMillis();
    for (long leaseId : message.body().ids()) {
      Lease lease = store.lease(leaseId);
      if (lease == null) {
        lessor.revoked(leaseId);
      } else {
        lessor.granted(lease, appliedAt);
      }
    }
  }

  private void onRenew(Message<LeaseIds> message) {
    answerEach(message, Addresses.LEASE_RENEW,
        (leaseId, now) -> lessor.renew(leaseId, store.lease(leaseId), now));
  }

  private void onRemaining(Message<LeaseIds> message) {
    answerEach(message, Addresses.LEASE_REMAINING, (leaseId, now) -> {
      Lease stored = store.lease(leaseId);
      if (stored == null) {
        return -1;
      }
      lessor.granted(stored, now); // announced or not, the store has it
      return lessor.remainingMillis(leaseId, now);
    });
  }

  /**
   * One number per lease of the message, on the leader; elsewhere the leader's answer, asked at
   * {@code address} (a request a follower forwarded is refused with "no leader" instead).
   */
  private void answerEach(Message<LeaseIds> message, String address, PerLease perLease) {
    long now = clockMillis.getAsLong();
    if (followLeader(now)) {
      answerHere(message, perLease, now);
    } else if (message.body().forwarded()) {
      message.reply(LeaseTtls.failed(EtcdError.NO_LEADER));
    } else {
      long deadline = now + limits.requestTimeoutMillis() - FORWARD_ANSWER_MARGIN_MILLIS;
      forward(message, address, perLease, deadline);
    }
  }

  private void answerHere(Message<LeaseIds> message, PerLease perLease, long now) {
    long[] leaseIds = message.body().ids();
    long[] answers = new long[leaseIds.length];
    for (int i = 0; i < leaseIds.length; i++) {
      answers[i] = perLease.answer(leaseIds[i], now);
    }
    message.reply(LeaseTtls.of(answers));
  }

  /** Asks the leader until it answers, or (this member became the leader) answers here. */
  private void forward(Message<LeaseIds> message, String address, PerLease perLease,
      long deadlineMillis) {
    long now = clockMillis.getAsLong();
    if (followLeader(now)) {
      answerHere(message, perLease, now);
      return;
    }
    long leader = raft.leaderId();
    if (now >= deadlineMillis) {
      message.reply(LeaseTtls.failed(leader == 0 ? EtcdError.NO_LEADER : EtcdError.TIMEOUT));
      return;
    }
    Runnable retry = () -> vertx.setTimer(FORWARD_RETRY_MILLIS,
        t -> forward(message, address, perLease, deadlineMillis));
    if (leader == 0) {
      retry.run();
      return;
    }
    bus.<LeaseTtls>request(Addresses.PEER_LEASES,
            new LeaseForward(leader, address, message.body().ids()),
            new DeliveryOptions().setSendTimeout(deadlineMillis - now))
        .onSuccess(reply -> message.reply(reply.body()))
        .onFailure(e -> {
          LOG.debug("lease request to leader {} failed, retrying: {}", Long.toHexString(leader),
              e.getMessage());
          retry.run();
        });
  }

  @FunctionalInterface
  private interface PerLease {
    long answer(long leaseId, long nowMillis);
  }
}
