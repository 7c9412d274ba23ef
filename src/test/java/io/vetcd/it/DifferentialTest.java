package io.vetcd.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs one etcdctl script against a fresh real etcd 3.4 and a fresh member under test and requires
 * identical output and exit codes, after {@link OutputMasks}. With `-Dvetcd.it.target=etcd` the
 * candidate is a second real etcd, which proves the masks hide only what legitimately differs.
 */
class DifferentialTest {
  private static final String SCRIPT = "it/differential.txt";
  /** Both members get the same name: it shows in `member list`. */
  private static final String MEMBER_NAME = "diff";

  @Test
  void etcdctlSeesTheSameAsWithEtcd() throws Exception {
    List<ScriptCommand> script = DifferentialScript.load(SCRIPT);
    assertTrue(script.size() >= 40, "script too short: " + script.size());

    List<String> expected = runScript(MemberKind.ETCD, "reference", script);
    List<String> actual = runScript(MemberKind.underTest(), "candidate", script);

    List<String> report = new ArrayList<>();
    int differing = 0;
    for (int i = 0; i < script.size(); i++) {
      if (!expected.get(i).equals(actual.get(i))) {
        differing++;
        ScriptCommand command = script.get(i);
        report.add("@@ line " + command.lineNumber() + ": etcdctl " + command.text());
        report.addAll(LineDiff.diff(lines(expected.get(i)), lines(actual.get(i))));
      }
    }
    if (differing > 0) {
      fail(differing + " of " + script.size() + " commands differ (- etcd, + "
          + MemberKind.underTest().name().toLowerCase() + "):\n" + String.join("\n", report));
    }
  }

  /** One masked transcript (exit code, stdout, stderr) per command, in script order. */
  private static List<String> runScript(MemberKind kind, String role, List<ScriptCommand> script)
      throws Exception {
    try (ServerProcess server = ServerProcess.start(kind, MEMBER_NAME)) {
      Etcdctl etcdctl = new Etcdctl(server.endpoint());
      List<String> transcripts = new ArrayList<>();
      for (ScriptCommand command : script) {
        CommandResult result = etcdctl.run(command.args(), command.stdin());
        transcripts.add(OutputMasks.apply(transcript(result)));
      }
      saveForReview(role + "-" + kind.name().toLowerCase(), script, transcripts);
      return transcripts;
    }
  }

  /** Keeps the whole masked run under target/it-logs, where a person can read or diff it. */
  private static void saveForReview(String label, List<ScriptCommand> script,
      List<String> transcripts) throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < script.size(); i++) {
      text.append("$ etcdctl ").append(script.get(i).text()).append('\n').append(transcripts.get(i));
    }
    Files.writeString(ServerProcess.LOG_DIR.resolve("differential-" + label + ".txt"), text);
  }

  private static String transcript(CommandResult result) {
    return "exit " + result.exitCode() + "\n" + withNewline(result.stdout())
        + "[stderr]\n" + withNewline(result.stderr());
  }

  private static String withNewline(String text) {
    return text.isEmpty() || text.endsWith("\n") ? text : text + "\n";
  }

  private static List<String> lines(String text) {
    return Arrays.asList(text.split("\n", -1));
  }
}
