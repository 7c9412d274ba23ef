package io.vetcd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vetcd.ReferenceTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual exclusion with `etcdctl lock NAME -- command`, each run a separate process with its own
 * connection and lease: clients contend for one lock many times, and each critical section does
 * an unguarded read-modify-write of a counter file with a pause in between, and marks itself
 * inside with mkdir (which fails if another section is inside). A lost increment or a failed
 * mkdir is an overlap. Then a holder whose lease is revoked (as if it died) hands the lock over.
 */
class LockExclusionTest {
  private static final int CLIENTS = 4;
  private static final int ROUNDS = 8;
  private static final Pattern LOCK_KEY = Pattern.compile("/locks/shared/([0-9a-f]+)");

  @TempDir Path dir;

  @Test
  void criticalSectionsNeverOverlapAndARevokedHolderHandsOver() throws Exception {
    Path counter = dir.resolve("counter");
    Files.writeString(counter, "0\n");
    String section = "mkdir " + dir.resolve("inside") + " || echo overlap >> " + dir.resolve("overlaps")
        + "; c=$(cat " + counter + "); sleep 0.02; echo $((c+1)) > " + counter
        + "; rmdir " + dir.resolve("inside");
    try (ServerProcess server = ServerProcess.startUnderTest("lock")) {
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
      List<Future<List<CommandResult>>> runs = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        runs.add(clients.submit(() -> {
          List<CommandResult> results = new ArrayList<>();
          for (int r = 0; r < ROUNDS; r++) {
            results.add(ClientProcess.run(List.of(ReferenceTools.ETCDCTL.toString(),
                    "--endpoints=" + server.endpoint(), "lock", "/locks/shared", "--", "sh", "-c", section),
                Map.of("ETCDCTL_API", "3"), "", Duration.ofSeconds(30)));
          }
          return results;
        }));
      }
      for (Future<List<CommandResult>> run : runs) {
        for (CommandResult result : run.get()) {
          assertEquals(0, result.exitCode(), result::describe);
        }
      }
      clients.shutdown();
      assertEquals(String.valueOf(CLIENTS * ROUNDS), Files.readString(counter).trim(),
          "increments lost: critical sections overlapped");
      assertTrue(Files.notExists(dir.resolve("overlaps")), "a section found another inside");

      revokedHolderHandsOver(server.endpoint());
    }
  }

  private static void revokedHolderHandsOver(String endpoint) throws Exception {
    try (WatchProcess holder = WatchProcess.etcdctl(endpoint, "lock", "/locks/shared");
        WatchProcess waiter = startWaiter(holder, endpoint)) {
      assertEquals("", waiter.awaitQuiet(Duration.ofSeconds(1), Duration.ofSeconds(5)),
          "the waiter got the lock while it was held");
      Matcher held = LOCK_KEY.matcher(holder.output());
      assertTrue(held.find(), holder.output());
      holder.suspend(); // as if it hung: only its lease ending can free the lock
      new Etcdctl(endpoint).ok("lease", "revoke", held.group(1));
      String got = waiter.await(out -> LOCK_KEY.matcher(out).find(), Duration.ofSeconds(5));
      assertTrue(!got.contains(held.group(1)), got);
    }
  }

  private static WatchProcess startWaiter(WatchProcess holder, String endpoint) throws Exception {
    holder.await(out -> LOCK_KEY.matcher(out).find(), Duration.ofSeconds(15));
    return WatchProcess.etcdctl(endpoint, "lock", "/locks/shared");
  }
}
