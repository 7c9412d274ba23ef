package io.vetcd.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The same writes and the same etcdctl watches against a fresh real etcd 3.4 and a fresh member
 * under test: every watch must print the same, after {@link OutputMasks}. Watches start from a
 * fixed revision, so what they print does not depend on when they started; each is read until
 * it has been quiet for a while.
 */
class WatchDifferentialTest {
  private static final Duration QUIET = Duration.ofMillis(1500);
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Pattern REVISION = Pattern.compile("\"revision\":(\\d+)");

  @Test
  void etcdctlWatchPrintsTheSameAsWithEtcd() throws Exception {
    Map<String, String> expected = run(MemberKind.ETCD);
    Map<String, String> actual = run(MemberKind.underTest());
    List<String> report = new ArrayList<>();
    for (String watch : expected.keySet()) {
      if (!expected.get(watch).equals(actual.get(watch))) {
        report.add("@@ etcdctl " + watch);
        report.addAll(LineDiff.diff(lines(expected.get(watch)), lines(actual.get(watch))));
      }
    }
    if (!report.isEmpty()) {
      fail("watch output differs (- etcd, + " + MemberKind.underTest().name().toLowerCase()
          + "):\n" + String.join("\n", report));
    }
  }

  /** Each watch's masked output, by its command line. */
  private static Map<String, String> run(MemberKind kind) throws Exception {
    Map<String, String> outputs = new LinkedHashMap<>();
    try (ServerProcess server = ServerProcess.start(kind, "watchdiff")) {
      Etcdctl etcdctl = new Etcdctl(server.endpoint());
      etcdctl.ok("put", "/a", "1");
      etcdctl.ok("put", "/services/x", "1");
      etcdctl.ok("put", "/services/y", "2");
      etcdctl.ok("put", "/services/x", "3");
      etcdctl.ok("del", "/services/y");
      txn(etcdctl, "put /services/z 5\nput /b 6");
      long live = revision(etcdctl.ok("put", "/c", "7", "-w", "json")) + 1;

      List<String[]> watches = List.of(
          new String[] {"watch", "--prefix", "/services/", "--rev=1", "--prev-kv"},
          new String[] {"watch", "--prefix", "/", "--rev=1", "-w", "json"},
          new String[] {"watch", "--rev=2", "/a", "/c"},
          new String[] {"watch", "--prefix", "/services/", "--rev=3", "--prev-kv", "-w", "json"},
          new String[] {"watch", "/services/x", "--rev=" + live, "-w", "fields"});
      List<WatchProcess> running = new ArrayList<>();
      try {
        for (String[] watch : watches) {
          running.add(WatchProcess.etcdctl(server.endpoint(), watch));
        }
        running.forEach(w -> w.awaitQuiet(QUIET, WAIT));
        etcdctl.ok("put", "/services/x", "8", "--prev-kv");
        txn(etcdctl, "put /services/x 9\nput /a 10\ndel /b");
        etcdctl.ok("del", "--prefix", "/services/");
        for (int i = 0; i < watches.size(); i++) {
          outputs.put(String.join(" ", watches.get(i)).replace("--rev=" + live, "--rev=<live>"),
              OutputMasks.apply(running.get(i).awaitQuiet(QUIET, WAIT)));
        }
      } finally {
        for (WatchProcess watch : running) {
          watch.close();
        }
      }
      etcdctl.ok("compact", String.valueOf(live));
      try (WatchProcess compacted = WatchProcess.etcdctl(server.endpoint(), "watch", "--rev=2",
          "/a")) {
        int exit = compacted.awaitExit(WAIT);
        outputs.put("watch --rev=2 /a (compacted)", "exit " + exit + "\n" + compacted.output());
      }
    }
    saveForReview(kind, outputs);
    return outputs;
  }

  /** An etcdctl txn with no compares: {@code ops} all apply in one revision. */
  private static void txn(Etcdctl etcdctl, String ops) {
    CommandResult result = etcdctl.run(List.of("txn"), "\n" + ops + "\n\n\n");
    if (!result.succeeded() || !result.stdout().startsWith("SUCCESS")) {
      throw new AssertionError("txn failed: " + result.describe());
    }
  }

  private static long revision(String json) {
    Matcher m = REVISION.matcher(json);
    if (!m.find()) {
      throw new AssertionError("no revision in " + json);
    }
    return Long.parseLong(m.group(1));
  }

  private static void saveForReview(MemberKind kind, Map<String, String> outputs)
      throws IOException {
    StringBuilder text = new StringBuilder();
    outputs.forEach((watch, output) -> text.append("$ etcdctl ").append(watch).append('\n')
        .append(output).append('\n'));
    Files.writeString(ServerProcess.LOG_DIR.resolve(
        "watch-differential-" + kind.name().toLowerCase() + ".txt"), text);
  }

  private static List<String> lines(String text) {
    return Arrays.asList(text.split("\n", -1));
  }
}
