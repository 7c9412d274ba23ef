package io.vetcd.consensus;

import io.vertx.core.Vertx;
import io.vetcd.bus.Codecs;
import io.vetcd.bus.ReadBarrier;
import io.vetcd.consensus.wal.Wal;
import io.vetcd.consensus.wal.WalOptions;
import io.vetcd.mvcc.xodus.XodusMvccStore;
import io.vetcd.proto.etcdserverpb.Member;
import io.vetcd.storage.StorageVerticle;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The write path of one member without its client API: the storage and Raft verticles deployed
 * as VetcdMember deploys them, on a real Vert.x, over a real WAL and a real Xodus store under one
 * directory. Tests reach it through the bus, as the API does.
 */
public final class SingleMember implements AutoCloseable {
  public static final long MEMBER_ID = 0x1234;
  public static final long CLUSTER_ID = 0x5678;
  /** Small, so that a few thousand entries fill several WAL segments. */
  static final long SEGMENT_BYTES = 64 * 1024;
  private static final long TICK_MILLIS = 100;
  private static final Duration LEADER_LIMIT = Duration.ofSeconds(30);

  public final Vertx vertx = Vertx.vertx();
  public final RaftView view = new RaftView(MEMBER_ID, CLUSTER_ID);
  public final XodusMvccStore store;
  final Wal wal;

  private SingleMember(Path dir) {
    store = new XodusMvccStore(storeDir(dir));
    wal = Wal.open(walDir(dir), walOptions());
  }

  /** Starts the member and returns once it has a leader and has applied its log. */
  public static SingleMember start(Path dir, long snapshotCount) throws InterruptedException {
    return start(dir, snapshotCount, FaultPoints.NONE);
  }

  /** The same, with the driver stopping at {@code faults}' points. */
  static SingleMember start(Path dir, long snapshotCount, FaultPoints faults)
      throws InterruptedException {
    SingleMember member = new SingleMember(dir);
    RaftBootstrap raft = RaftBootstrap.start(MEMBER_ID,
        List.of(Member.newBuilder().setID(MEMBER_ID).setName("single").build()), false, true,
        member.wal, 10);
    Codecs.registerAll(member.vertx.eventBus());
    ConsensusCodecs.registerAll(member.vertx.eventBus());
    member.vertx.deployVerticle(new StorageVerticle(member.store), StorageVerticle.deployment())
        .compose(id -> member.vertx.deployVerticle(new RaftVerticle(raft.core(), member.wal,
            raft.storage(), raft.reconfiguration(), member.store.appliedIndex(), member.view, TICK_MILLIS, snapshotCount,
            faults), RaftVerticle.deployment()))
        .await();
    member.awaitServing();
    return member;
  }

  static Path storeDir(Path dir) {
    return dir.resolve("db");
  }

  static Path walDir(Path dir) {
    return dir.resolve("wal");
  }

  static WalOptions walOptions() {
    return WalOptions.defaults().withSegmentSizeBytes(SEGMENT_BYTES).withPreallocate(false);
  }

  /** As VetcdMember waits before it serves: until a read barrier passes, asking again meanwhile. */
  private void awaitServing() throws InterruptedException {
    ReadBarrier barrier = new ReadBarrier(vertx, TICK_MILLIS * 10);
    Instant deadline = Instant.now().plus(LEADER_LIMIT);
    while (true) {
      try {
        barrier.await().await();
        return;
      } catch (RuntimeException notYet) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("no leader within " + LEADER_LIMIT, notYet);
        }
        Thread.sleep(TICK_MILLIS);
      }
    }
  }

  @Override
  public void close() {
    try {
      vertx.close().await();
    } finally {
      wal.close();
      store.close();
    }
  }
}
