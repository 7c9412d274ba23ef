package io.vetcd.mvcc.bench;

import com.google.protobuf.ByteString;
import io.vetcd.mvcc.ApplyResult;
import io.vetcd.mvcc.CommittedEntry;
import io.vetcd.mvcc.xodus.XodusMvccStore;
import io.vetcd.proto.etcdserverpb.PutRequest;
import io.vetcd.proto.etcdserverpb.RangeRequest;
import io.vetcd.proto.etcdserverpb.RangeResponse;
import io.vetcd.proto.vetcdpb.InternalRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The Xodus store alone, on a key space of {@link #KEYS} keys with 128-byte values: batches of
 * puts as the apply loop sends them, and the common reads. Run with {@link #main} (see the
 * report for the classpath command); numbers depend heavily on the machine's load.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "-Xmx1g"})
public class MvccStoreBench {
  static final int KEYS = 100_000;
  private static final ByteString VALUE = ByteString.copyFrom(new byte[128]);

  @Param({"1", "100"})
  int putsPerBatch;

  private Path dir;
  private XodusMvccStore store;
  private long index;

  @Setup(Level.Trial)
  public void load() throws IOException {
    dir = Files.createTempDirectory("mvcc-bench");
    store = new XodusMvccStore(dir);
    for (int first = 0; first < KEYS; first += 1000) {
      List<CommittedEntry> batch = new ArrayList<>();
      for (int key = first; key < first + 1000; key++) {
        batch.add(putEntry(key));
      }
      store.apply(batch);
    }
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    store.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  private static ByteString key(int n) {
    return ByteString.copyFromUtf8(String.format("key%06d", n));
  }

  private CommittedEntry putEntry(int key) {
    index++;
    return new CommittedEntry(index, 1, InternalRequest.newBuilder().setId(index)
        .setPut(PutRequest.newBuilder().setKey(key(key)).setValue(VALUE)).build());
  }

  /** Throughput in batches per second; multiply by putsPerBatch for puts per second. */
  @Benchmark
  public List<ApplyResult> putBatch() {
    List<CommittedEntry> batch = new ArrayList<>(putsPerBatch);
    for (int i = 0; i < putsPerBatch; i++) {
      batch.add(putEntry(ThreadLocalRandom.current().nextInt(KEYS)));
    }
    return store.apply(batch);
  }

  @Benchmark
  public RangeResponse getOneKey() {
    return store.range(RangeRequest.newBuilder()
        .setKey(key(ThreadLocalRandom.current().nextInt(KEYS))).build());
  }

  /** A prefix holding 100 keys. */
  @Benchmark
  public RangeResponse rangePrefixOf100() {
    String prefix = String.format("key%04d", ThreadLocalRandom.current().nextInt(KEYS / 100));
    return store.range(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8(prefix))
        .setRangeEnd(ByteString.copyFromUtf8(prefix.substring(0, 6) + (char) (prefix.charAt(6) + 1)))
        .build());
  }

  /** Limit 10 over all keys: etcd's count still covers the whole range. */
  @Benchmark
  public RangeResponse rangeAllLimit10() {
    return store.range(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("key"))
        .setRangeEnd(ByteString.copyFromUtf8("kez")).setLimit(10).build());
  }

  public static void main(String[] args) throws RunnerException {
    new Runner(new OptionsBuilder()
        .include(MvccStoreBench.class.getSimpleName() + (args.length > 0 ? "." + args[0] : ""))
        .build()).run();
  }
}
