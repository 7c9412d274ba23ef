package io.vetcd.consensus.wal;

import io.vetcd.raft.Entry;
import io.vetcd.raft.EntryType;
import io.vetcd.raft.HardState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Measures save throughput: fsyncs per second and entries per second for batches of 1, 10 and
 * 100 entries of 300 bytes, with and without preallocated segments. Not a test; run it with
 *
 * <pre>
 *   mvn -q -o test-compile
 *   java -cp target/classes:target/test-classes io.vetcd.consensus.wal.WalSaveBenchmark [dir] [seconds]
 * </pre>
 *
 * The directory must be on the disk being measured (the default is under target/).
 */
public final class WalSaveBenchmark {
  private static final int ENTRY_BYTES = 300;

  private WalSaveBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path root = Path.of(args.length > 0 ? args[0] : "target/wal-benchmark");
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3;
    System.out.printf("%-11s %5s %10s %12s %9s %9s%n",
        "prealloc", "batch", "fsyncs/s", "entries/s", "p50 us", "p99 us");
    for (boolean preallocate : new boolean[] {true, false}) {
      for (int batchSize : new int[] {1, 10, 100}) {
        Path dir = root.resolve("prealloc-" + preallocate + "-batch-" + batchSize);
        deleteRecursively(dir);
        WalOptions options = WalOptions.defaults().withPreallocate(preallocate);
        try (Wal wal = Wal.open(dir, options)) {
          BatchWriter writer = new BatchWriter(wal, batchSize);
          writer.run(1); // warm-up: JIT, and the first segment's blocks
          report(preallocate, batchSize, writer.run(seconds));
        }
        deleteRecursively(dir);
      }
    }
  }

  /** Saves batches of consecutive entries, continuing the log across runs. */
  private static final class BatchWriter {
    private final Wal wal;
    private final int batchSize;
    private final byte[] data = new byte[ENTRY_BYTES];
    private long nextIndex = 1;

    BatchWriter(Wal wal, int batchSize) {
      this.wal = wal;
      this.batchSize = batchSize;
      Arrays.fill(data, (byte) 'x');
    }

    /** Saves batches for {@code seconds} and returns each save's latency, sorted. */
    long[] run(double seconds) {
      List<Long> latencies = new ArrayList<>();
      long end = System.nanoTime() + (long) (seconds * 1e9);
      for (long now = System.nanoTime(); now < end; ) {
        List<Entry> batch = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
          batch.add(new Entry(1, nextIndex++, EntryType.NORMAL, data));
        }
        wal.save(new HardState(1, 1, nextIndex - 1), batch);
        long after = System.nanoTime();
        latencies.add(after - now);
        now = after;
      }
      return latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    }
  }

  private static void report(boolean preallocate, int batchSize, long[] sorted) {
    double totalSeconds = Arrays.stream(sorted).sum() / 1e9;
    double fsyncsPerSecond = sorted.length / totalSeconds;
    System.out.printf("%-11s %5d %10.0f %12.0f %9.0f %9.0f%n", preallocate, batchSize,
        fsyncsPerSecond, fsyncsPerSecond * batchSize,
        sorted[sorted.length / 2] / 1e3, sorted[(int) (sorted.length * 0.99)] / 1e3);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
