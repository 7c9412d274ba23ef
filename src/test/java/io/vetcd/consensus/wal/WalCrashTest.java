package io.vetcd.consensus.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vetcd.raft.Entry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing process with SIGKILL in the middle of its stream of saves, then checks that
 * every index it had acknowledged is recovered with its bytes, and that writing can resume.
 * (A process crash keeps what reached the page cache; power loss is the recovery tests' part.)
 */
class WalCrashTest {
  private static final int CRASHES = 3;
  private static final int ACKS_BEFORE_KILL_MIN = 200;

  @TempDir Path dir;

  @Test
  void everyAcknowledgedIndexSurvivesSigkill() throws Exception {
    long seed = System.nanoTime();
    long lastAcked = 0;
    for (int crash = 0; crash < CRASHES; crash++) {
      long acked = runAndKill(seed + crash, ACKS_BEFORE_KILL_MIN + (int) ((seed + crash) % 300));
      assertTrue(acked > lastAcked, "seed " + seed + ": writer made progress");
      lastAcked = acked;
      try (Wal wal = Wal.open(dir, WalCrashWriter.OPTIONS)) {
        Recovered recovered = wal.recovered();
        assertTrue(recovered.lastIndex() >= lastAcked,
            "seed " + seed + ": recovered up to " + recovered.lastIndex() + ", acked " + lastAcked);
        assertTrue(recovered.hardState().commit() >= lastAcked, "seed " + seed);
        assertLogIsIntact(recovered.entries(), seed);
      }
    }
  }

  private static void assertLogIsIntact(List<Entry> entries, long seed) {
    for (int i = 0; i < entries.size(); i++) {
      Entry entry = entries.get(i);
      assertEquals(i + 1, entry.index(), "seed " + seed);
      assertArrayEquals(WalCrashWriter.entry(i + 1).data(), entry.data(), "seed " + seed);
    }
  }

  /** Starts a writer, kills it after some acknowledgements, and returns the last index acked. */
  private long runAndKill(long seed, int acksBeforeKill) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process writer = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Xmx64m",
        "-cp", System.getProperty("java.class.path"), WalCrashWriter.class.getName(),
        dir.toString(), Long.toString(seed))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    long lastAcked = 0;
    int acks = 0;
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        lastAcked = Long.parseLong(line.substring("acked ".length()));
        if (++acks == acksBeforeKill) {
          // Through the handle: Process.destroyForcibly would also close the pipe, and the acks
          // printed before the signal landed must still be read.
          writer.toHandle().destroyForcibly();
        }
      }
    } finally {
      writer.destroyForcibly();
      assertTrue(writer.waitFor(10, TimeUnit.SECONDS), "writer exited");
    }
    assertEquals(137, writer.exitValue(), "writer died of SIGKILL, not of an error");
    return lastAcked;
  }
}
