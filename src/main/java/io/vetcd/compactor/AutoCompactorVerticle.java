package io.vetcd.compactor;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vetcd.api.EtcdError;
import io.vetcd.api.EtcdException;
import io.vetcd.api.KvServer;
import io.vetcd.consensus.RaftView;
import io.vetcd.mvcc.MvccStore;
import io.vetcd.proto.etcdserverpb.CompactionRequest;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Proposes the compactions the policy asks for, on the leader only, as etcd's compactor does. */
public final class AutoCompactorVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(AutoCompactorVerticle.class);

  private final CompactionPolicy policy;
  private final MvccStore store;
  private final RaftView raft;
  private final Supplier<KvServer> kvFactory;
  private KvServer kv;
  private boolean running;

  public AutoCompactorVerticle(CompactionPolicy policy, MvccStore store, RaftView raft,
      Supplier<KvServer> kvFactory) {
    this.policy = policy;
    this.store = store;
    this.raft = raft;
    this.kvFactory = kvFactory;
  }

  @Override
  public Future<?> start() {
    kv = kvFactory.get();
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
    kv.compact(CompactionRequest.newBuilder().setRevision(rev).build())
        .onComplete(done -> {
          running = false;
          if (done.succeeded() || isAlreadyCompacted(done.cause())) {
            policy.compacted(System.currentTimeMillis(), rev);
            LOG.info("finished auto compaction at revision {}", rev);
          } else {
            LOG.warn("failed auto compaction at revision {}: {}", rev, done.cause().getMessage());
          }
        });
  }

  private static boolean isAlreadyCompacted(Throwable failure) {
    return failure instanceof EtcdException e && e.error() == EtcdError.COMPACTED;
  }
}
