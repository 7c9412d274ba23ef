package io.vetcd.consensus.wal;

import io.vetcd.raft.Entry;
import io.vetcd.raft.EntryType;
import io.vetcd.raft.HardState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Measures save throughput: fsyncs per second and entries per second for batches of 1, 10 and
 * 100 entries of 300 bytes, with and without preallocated segments, next to a raw write+fsync
 * loop of the same size on the same disk. Not a test; run it with
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
    System.out.printf("%-18s %5s %10s %12s %9s %9s%n",
        "writer", "batch", "fsyncs/s", "entries/s", "p50 us", "p99 us");
    // Interleaved per batch size, so that the disk's mood (it is shared) hits all rows alike.
    for (int batchSize : new int[] {1, 10, 100}) {
      Path dir = root.resolve("batch-" + batchSize);
      deleteRecursively(dir);
      report("raw write+fsync", batchSize, rawBaseline(dir.resolve("raw"), batchSize, seconds));
      for (boolean preallocate : new boolean[] {true, false}) {
        WalOptions options = WalOptions.defaults().withPreallocate(preallocate);
        try (Wal wal = Wal.open(dir.resolve("wal-" + preallocate), options)) {
          BatchWriter writer = new BatchWriter(wal, batchSize);
          writer.run(1); // warm-up: JIT, and the first segment's blocks
          report("wal prealloc=" + preallocate, batchSize, writer.run(seconds));
        }
      }
      deleteRecursively(dir);
    }
  }

  /**
   * What the disk allows: the same bytes per batch as the WAL writes (300-byte payloads plus
   * about 14 bytes of framing each), one positional write and one fdatasync per batch, into a
   * preallocated file.
   */
  private static long[] rawBaseline(Path file, int batchSize, double seconds) throws IOException {
    Files.createDirectories(file.getParent());
    SegmentFiles.preallocate(file, WalOptions.DEFAULT_SEGMENT_SIZE_BYTES);
    ByteBuffer batch = ByteBuffer.allocateDirect(batchSize * (ENTRY_BYTES + 14));
    List<Long> latencies = new ArrayList<>();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      long position = 0;
      long end = System.nanoTime() + (long) (seconds * 1e9);
      for (long now = System.nanoTime(); now < end; ) {
        batch.clear();
        SegmentFiles.writeFully(channel, batch, position);
        channel.force(false);
        position += batch.capacity();
        long after = System.nanoTime();
        latencies.add(after - now);
        now = after;
      }
    }
    return sorted(latencies);
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
      return sorted(latencies);
    }
  }

  private static long[] sorted(List<Long> latencies) {
    return latencies.stream().mapToLong(Long::longValue).sorted().toArray();
  }

  private static void report(String writer, int batchSize, long[] sorted) {
    double totalSeconds = Arrays.stream(sorted).sum() / 1e9;
    double fsyncsPerSecond = sorted.length / totalSeconds;
    System.out.printf("%-18s %5d %10.0f %12.0f %9.0f %9.0f%n", writer, batchSize,
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
