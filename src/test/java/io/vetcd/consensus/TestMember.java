package io.vetcd.consensus;

import com.google.protobuf.ByteString;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vetcd.bus.Addresses;
import io.vetcd.bus.Codecs;
import io.vetcd.bus.Proposer;
import io.vetcd.bus.ReadBarrier;
import io.vetcd.bus.RequestIds;
import io.vetcd.bus.RequestLimits;
import io.vetcd.consensus.wal.Wal;
import io.vetcd.consensus.wal.WalOptions;
import io.vetcd.mvcc.ApplyResult;
import io.vetcd.mvcc.xodus.XodusMvccStore;
import io.vetcd.proto.etcdserverpb.PutRequest;
import io.vetcd.proto.vetcdpb.InternalRequest;
import io.vetcd.storage.StorageVerticle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The driver, the apply loop, a real WAL and a real Xodus store in {@code dir}, without the API. */
final class TestMember implements AutoCloseable {
  private static final long MEMBER_ID = 1;
  private static final long TIMEOUT_MILLIS = 20_000;

  private final Path dir;
  private final Vertx vertx;
  private final XodusMvccStore store;
  private final Wal wal;
  private final Context context;
  private final HeldSaves held;
  private Proposer proposer;

  private TestMember(Path dir, HeldSaves held) {
    this.dir = dir;
    this.held = held;
    this.vertx = Vertx.vertx();
    this.store = new XodusMvccStore(dir.resolve("db"));
    this.wal = Wal.open(dir.resolve("wal"), WalOptions.defaults());
    this.context = vertx.getOrCreateContext();
  }

  /** @param held where the WAL thread may be held; released when the member closes */
  static TestMember start(Path dir, HeldSaves held) {
    TestMember member = new TestMember(dir, held);
    member.deploy(held);
    return member;
  }

  private void deploy(FaultPoints faults) {
    Codecs.registerAll(vertx.eventBus());
    RaftBootstrap raft = RaftBootstrap.start(MEMBER_ID, List.of(MEMBER_ID), wal, 10);
    RaftView view = new RaftView(MEMBER_ID, MEMBER_ID);
    vertx.deployVerticle(new StorageVerticle(store),
            new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER).setWorkerPoolSize(1))
        .compose(id -> vertx.deployVerticle(new RaftVerticle(raft.core(), wal, raft.storage(),
            store.appliedIndex(), view, 10, 100_000, faults)))
        .await();
    proposer = onContext(() -> new Proposer(vertx,
        new RequestIds(System.currentTimeMillis()), new RequestLimits(1 << 20, 128, TIMEOUT_MILLIS)));
    ReadBarrier barrier = onContext(() -> new ReadBarrier(vertx, TIMEOUT_MILLIS));
    untilServing(barrier);
  }

  /** A new member answers reads once it leads and has applied its log. */
  private void untilServing(ReadBarrier barrier) {
    long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
    while (true) {
      try {
        barrier.await().await();
        return;
      } catch (RuntimeException notYet) {
        if (System.currentTimeMillis() > deadline) {
          throw notYet;
        }
      }
    }
  }

  Future<ApplyResult> put(String key, String value) {
    return proposer.propose(InternalRequest.newBuilder().setPut(PutRequest.newBuilder()
        .setKey(ByteString.copyFromUtf8(key)).setValue(ByteString.copyFromUtf8(value))));
  }

  /**
   * Returns once the driver has received every proposal made so far: the proposer sends them at
   * the end of a turn of its context, and a status request sent after that turn arrives after them.
   */
  void awaitDriverIdle() {
    Promise<Object> done = Promise.promise();
    context.runOnContext(v -> context.runOnContext(w ->
        vertx.eventBus().request(Addresses.RAFT_STATUS, null).onComplete(r -> done.complete())));
    done.future().await();
  }

  long count(String key) {
    return store.range(DurableAckTest.rangeOf(key)).getCount();
  }

  /** Copies the data files as they are now: what a process killed at this moment leaves on disk. */
  void crashImage(Path to) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.forEach(from -> copy(from, to.resolve(dir.relativize(from).toString())));
    }
  }

  private static void copy(Path from, Path to) {
    try {
      if (Files.isDirectory(from)) {
        Files.createDirectories(to);
      } else {
        Files.copy(from, to);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private <T> T onContext(java.util.function.Supplier<T> make) {
    Promise<T> made = Promise.promise();
    context.runOnContext(v -> made.complete(make.get()));
    return made.future().await();
  }

  /**
   * Releases any held save and lets it finish first: closing Vert.x interrupts the WAL thread,
   * and a WAL write interrupted there stops the JVM (the driver's fatal path).
   */
  @Override
  public void close() {
    held.releaseAll();
    vertx.createSharedWorkerExecutor("vetcd-wal", 1).executeBlocking(() -> null).await();
    try {
      vertx.close().await();
    } finally {
      wal.close();
      store.close();
    }
  }
}
