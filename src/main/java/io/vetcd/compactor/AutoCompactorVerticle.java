package io.vetcd.compactor;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vetcd.bus.Proposer;
import io.vetcd.bus.RequestIds;
import io.vetcd.bus.RequestLimits;
import io.vetcd.consensus.RaftView;
import io.vetcd.errors.EtcdError;
import io.vetcd.mvcc.ApplyResult;
import io.vetcd.mvcc.MvccStore;
import io.vetcd.proto.etcdserverpb.CompactionRequest;
import io.vetcd.proto.vetcdpb.InternalRequest;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Proposes the compactions the policy asks for, on the leader only, as etcd's compactor does. */
public final class AutoCompactorVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(AutoCompactorVerticle.class);

  private final CompactionPolicy policy;
  private final MvccStore store;
  private final RaftView raft;
  private final RequestIds ids;
  private final RequestLimits limits;
  private Proposer proposer;
  private boolean running;

  public AutoCompactorVerticle(CompactionPolicy policy, MvccStore store, RaftView raft,
      RequestIds ids, RequestLimits limits) {
    this.policy = policy;
    this.store = store;
    this.raft = raft;
    this.ids = ids;
    this.limits = limits;
  }

  @Override
  public Future<?> start() {
    proposer = new Proposer(vertx, ids, limits);
    vertx.setPeriodic(policy.checkIntervalMillis(), id -> check());
    return Future.succeededFuture();
  }

  private void check() {
    if (running || raft.leaderId() != raft.memberId()) {
      return;
    }
    OptionalLong revision = policy.check(System.currentTimeMillis(), store.currentRevision());
    if (revision.isEmpty()) {
      return;
    }
    long rev = revision.getAsLong();
    running = true;
    LOG.info("starting auto compaction at revision {}", rev);
    proposer.propose(InternalRequest.newBuilder()
            .setCompaction(CompactionRequest.newBuilder().setRevision(rev)))
        .onComplete(done -> {
          running = false;
          if (done.succeeded() && isCompactedTo(done.result())) {
            policy.compacted(System.currentTimeMillis(), rev);
            LOG.info("finished auto compaction at revision {}", rev);
          } else {
            LOG.warn("failed auto compaction at revision {}: {}", rev,
                done.failed() ? done.cause().getMessage() : done.result().error().message);
          }
        });
  }

  /** Done, or done before (the store was already compacted at or past {@code rev}). */
  private static boolean isCompactedTo(ApplyResult result) {
    return result.error() == null || result.error() == EtcdError.COMPACTED;
  }
}
