package io.vetcd.consensus;

import com.google.protobuf.ByteString;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vetcd.bus.Addresses;
import io.vetcd.bus.Proposer;
import io.vetcd.bus.RequestIds;
import io.vetcd.bus.RequestLimits;
import io.vetcd.mvcc.ApplyResult;
import io.vetcd.proto.etcdserverpb.PutRequest;
import io.vetcd.proto.vetcdpb.InternalRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A {@link SingleMember} whose Raft driver may be held at the driver's fault points, with a
 * proposer, for tests that take crash images of its directory.
 */
final class TestMember implements AutoCloseable {
  private static final long TIMEOUT_MILLIS = 20_000;
  /** No log compaction during these short tests. */
  private static final long SNAPSHOT_COUNT = 100_000;

  private final Path dir;
  private final SingleMember member;
  private final Vertx vertx;
  private final Context context;
  private final HeldSaves held;
  private final Proposer proposer;

  private TestMember(Path dir, SingleMember member, HeldSaves held) {
    this.dir = dir;
    this.member = member;
    this.vertx = member.vertx;
    this.held = held;
    this.context = vertx.getOrCreateContext();
    this.proposer = onContext(() -> new Proposer(vertx,
        new RequestIds(SingleMember.MEMBER_ID, System.currentTimeMillis()), new RequestLimits(1 << 20, 128, TIMEOUT_MILLIS)));
  }

  /** @param held where the driver's thread may be held; released when the member closes */
  static TestMember start(Path dir, HeldSaves held) throws InterruptedException {
    return new TestMember(dir, SingleMember.start(dir, SNAPSHOT_COUNT, held), held);
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

  /**
   * Returns once every proposal made so far is sent: the proposer sends them at the end of a turn
   * of its context, and the bus puts a message in its consumer's queue as it is sent, so they
   * are then queued for the driver even while its thread is held.
   */
  void awaitProposalsSent() {
    Promise<Object> done = Promise.promise();
    context.runOnContext(v -> context.runOnContext(w -> done.complete()));
    done.future().await();
  }

  long count(String key) {
    return member.store.range(DurableAckTest.rangeOf(key)).getCount();
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
   * Releases any held save and lets the driver finish it first: closing Vert.x interrupts the
   * driver's thread, and a WAL write interrupted there stops the JVM (the driver's fatal path).
   */
  @Override
  public void close() {
    held.releaseAll();
    awaitDriverIdle();
    member.close();
  }
}
