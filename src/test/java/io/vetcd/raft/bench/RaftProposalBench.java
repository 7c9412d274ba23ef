package io.vetcd.raft.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Proposals per second through a 3-member cluster of cores with no I/O: each proposal is
 * appended, replicated, acknowledged, committed and handed out for apply on all members. Run
 * with {@code scripts/bench-raft} (adds -prof gc for allocation per proposal).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RaftProposalBench {
  private static final int BATCH = 64;

  private InMemoryCluster cluster;
  private final byte[] payload = new byte[128];
  private final List<byte[]> batch = new ArrayList<>();

  @Setup
  public void setUp() {
    cluster = new InMemoryCluster(3);
    for (int i = 0; i < BATCH; i++) {
      batch.add(payload);
    }
  }

  /** One proposal at a time, each waiting for the full round trip (no batching). */
  @Benchmark
  public void proposeOneAndCommit() {
    cluster.leader().propose(payload);
    cluster.settle();
  }

  /** 64 separate proposals per round trip: one append message per proposal and follower. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void propose64ThenCommit() {
    for (int i = 0; i < BATCH; i++) {
      cluster.leader().propose(payload);
    }
    cluster.settle();
  }

  /** A batch of 64 proposed together: one append message per follower carries it. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void proposeBatchOf64ThenCommit() {
    cluster.leader().proposeBatch(batch);
    cluster.settle();
  }
}
