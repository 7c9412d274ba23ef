package io.vetcd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The lease, lock and elect commands of etcdctl 3.4, run the same way against a fresh real etcd
 * 3.4 and the member under test: their outputs must be equal once the lease ids (server-assigned,
 * so different) and remaining TTLs (a second may pass) are masked. What the masks hide is checked
 * on its own: remaining TTLs are within a second or two of the grant.
 */
class LeaseEtcdctlTest {
  private static final Pattern GRANTED = Pattern.compile("lease ([0-9a-f]+) granted with TTL\\((\\d+)s\\)");
  private static final Pattern REMAINING = Pattern.compile("remaining\\((\\d+)s\\)");
  private static final Pattern ATTACHED_KEYS = Pattern.compile("attached keys\\(\\[([^\\]]*)\\]\\)");
  private static final Duration WAIT = Duration.ofSeconds(15);

  @Test
  void leaseLockAndElectPrintWhatEtcdPrints() throws Exception {
    List<String> expected = transcript(MemberKind.ETCD);
    List<String> actual = transcript(MemberKind.underTest());
    Files.writeString(ServerProcess.LOG_DIR.resolve("lease-etcdctl-etcd.txt"), String.join("\n", expected));
    Files.writeString(ServerProcess.LOG_DIR.resolve("lease-etcdctl-candidate.txt"), String.join("\n", actual));
    List<String> report = new ArrayList<>();
    for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
      String want = i < expected.size() ? expected.get(i) : "(none)";
      String got = i < actual.size() ? actual.get(i) : "(none)";
      if (!want.equals(got)) {
        report.add("@@ step " + i);
        report.addAll(LineDiff.diff(List.of(want.split("\n")), List.of(got.split("\n"))));
      }
    }
    assertEquals(List.of(), report, "(- etcd, + candidate)");
  }

  private static List<String> transcript(MemberKind kind) throws Exception {
    try (ServerProcess server = ServerProcess.start(kind, "lease")) {
      Steps steps = new Steps(new Etcdctl(server.endpoint()));
      String lease = steps.grant("lease", "grant", "60");
      steps.run("put", "--lease=" + lease, "/services/user/10.0.0.1:8080", "online");
      steps.run("put", "--lease=" + lease, "/services/user/10.0.0.2:8080", "online");
      steps.run("get", "/services/", "--prefix", "-w", "json");
      steps.run("lease", "timetolive", lease);
      steps.run("lease", "timetolive", lease, "--keys");
      steps.run("lease", "list");
      steps.run("lease", "keep-alive", "--once", lease);
      // A re-put without the lease detaches the key: revoking leaves it.
      steps.run("put", "/services/user/10.0.0.2:8080", "static");
      steps.run("lease", "timetolive", lease, "--keys");
      String shortLease = steps.grant("lease", "grant", "1"); // raised to the minimum TTL
      steps.run("lease", "list");
      steps.run("lease", "revoke", lease);
      steps.run("get", "/services/", "--prefix");
      steps.run("lease", "timetolive", lease);
      steps.run("lease", "revoke", lease);
      steps.run("lease", "keep-alive", "--once", lease);
      steps.run("put", "--lease=abcdef", "k", "v");
      steps.run("lease", "grant", "9000000001");
      Thread.sleep(3_000); // the 2 s lease has expired by now, on either member
      steps.run("lease", "timetolive", shortLease);
      steps.run("lease", "list");
      lockHandsOver(server.endpoint(), steps);
      electionHandsOver(server.endpoint(), steps);
      return steps.transcripts;
    }
  }

  /** A second `etcdctl lock` waits until the first one ends (SIGTERM unlocks), then holds it. */
  private static void lockHandsOver(String endpoint, Steps steps) throws Exception {
    steps.run("lock", "/locks/cmd", "--", "sh", "-c", "echo locked $ETCD_LOCK_KEY");
    try (WatchProcess waiter = startAfter(endpoint, steps, "lock", "/locks/task-distribute")) {
      steps.add("waiting: " + waiter.awaitQuiet(Duration.ofSeconds(1), WAIT));
      steps.lastHolder.close();
      steps.add(steps.mask(waiter.await(out -> out.contains("\n"), WAIT)));
    }
  }

  /** `elect -l` shows the leader, then the next candidate once the leader resigns. */
  private static void electionHandsOver(String endpoint, Steps steps) throws Exception {
    try (WatchProcess second = startAfter(endpoint, steps, "elect", "my-election", "candidate-a");
        WatchProcess listener = WatchProcess.etcdctl(endpoint, "elect", "-l", "my-election")) {
      steps.add(steps.mask(listener.await(out -> out.contains("candidate-a"), WAIT)));
      steps.add("second: " + second.awaitQuiet(Duration.ofSeconds(1), WAIT));
      steps.lastHolder.close();
      steps.add(steps.mask(second.await(out -> out.contains("candidate-b"), WAIT)));
      steps.add(steps.mask(listener.await(out -> out.contains("candidate-b"), WAIT)));
    }
  }

  /** Starts a holder with {@code args}, waits until it holds, then starts a contender. */
  private static WatchProcess startAfter(String endpoint, Steps steps, String... args)
      throws Exception {
    steps.lastHolder = WatchProcess.etcdctl(endpoint, args);
    steps.add(steps.mask(steps.lastHolder.await(out -> out.endsWith("\n"), WAIT)));
    String[] contender = args.clone();
    if (args[0].equals("elect")) {
      contender[2] = "candidate-b";
    }
    return WatchProcess.etcdctl(endpoint, contender);
  }

  /** Runs commands, keeping one masked transcript per step; knows the lease ids seen so far. */
  private static final class Steps {
    final List<String> transcripts = new ArrayList<>();
    private final Etcdctl etcdctl;
    private final List<String> leases = new ArrayList<>();
    WatchProcess lastHolder;

    Steps(Etcdctl etcdctl) {
      this.etcdctl = etcdctl;
    }

    String grant(String... args) {
      CommandResult result = etcdctl.run(args);
      Matcher granted = GRANTED.matcher(result.stdout());
      assertTrue(granted.find(), result::describe);
      leases.add(granted.group(1));
      record(args, result);
      return granted.group(1);
    }

    void run(String... args) {
      record(args, etcdctl.run(args));
    }

    private void record(String[] args, CommandResult result) {
      Matcher remaining = REMAINING.matcher(result.stdout());
      while (remaining.find()) {
        long seconds = Long.parseLong(remaining.group(1));
        assertTrue(seconds >= 55 && seconds <= 60, "remaining TTL " + seconds + " in " + result.stdout());
      }
      add(mask(String.join(" ", args)) + "\nexit " + result.exitCode() + "\n" + mask(result.stdout())
          + "[stderr]\n" + mask(result.stderr()));
    }

    void add(String transcript) {
      transcripts.add(transcript);
    }

    /** Lease ids (hex in text, decimal in JSON, the hex of any other lease) and remaining TTLs. */
    String mask(String output) {
      String masked = output;
      for (int i = 0; i < leases.size(); i++) {
        masked = masked.replace(leases.get(i), "<lease" + i + ">")
            .replace(String.valueOf(Long.parseUnsignedLong(leases.get(i), 16)), "<lease" + i + ">");
      }
      masked = masked.replaceAll("(/locks/[a-z-]+/|my-election/)[0-9a-f]+", "$1<session lease>");
      masked = masked.replaceAll("\"lease\":\\d+", "\"lease\":<lease>");
      masked = ATTACHED_KEYS.matcher(masked).replaceAll(keys -> Matcher.quoteReplacement(sortedKeys(keys.group(1))));
      return OutputMasks.apply(REMAINING.matcher(masked).replaceAll("remaining(<s>)"));
    }

    /** etcd lists a lease's keys in Go map order, which changes from run to run. */
    private static String sortedKeys(String keys) {
      return "attached keys([" + String.join(" ", new TreeSet<>(List.of(keys.split(" ")))) + "])";
    }
  }
}
