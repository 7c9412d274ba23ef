package io.vetcd.consensus.wal;

import io.vetcd.raft.Entry;
import io.vetcd.raft.EntryType;
import io.vetcd.raft.HardState;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Run in a child JVM by {@link WalCrashTest}: opens the WAL, continues the log after what it
 * recovered, and prints {@code acked <index>} after each save returns, until it is killed.
 */
public final class WalCrashWriter {
  static final WalOptions OPTIONS =
      WalOptions.defaults().withSegmentSizeBytes(256 * 1024).withPreallocate(true);
  static final int ENTRY_BYTES = 300;

  private WalCrashWriter() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    Random random = new Random(Long.parseLong(args[1]));
    PrintStream out = System.out;
    try (Wal wal = Wal.open(dir, OPTIONS)) {
      long next = wal.recovered().lastIndex() + 1;
      while (true) {
        int batchSize = 1 + random.nextInt(20);
        List<Entry> batch = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
          batch.add(entry(next + i));
        }
        long last = next + batchSize - 1;
        wal.save(new HardState(1, 1, last), batch);
        out.println("acked " + last);
        out.flush();
        next = last + 1;
      }
    }
  }

  /** The entry at {@code index}: its bytes depend only on the index, so a reader can check them. */
  static Entry entry(long index) {
    byte[] data = new byte[ENTRY_BYTES];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (index * 31 + i);
    }
    return new Entry(1, index, EntryType.NORMAL, data);
  }
}
