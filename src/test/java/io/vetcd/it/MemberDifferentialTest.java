package io.vetcd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vetcd.consensus.MemberIds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * `etcdctl member ...`, `move-leader` and `endpoint status` against a real etcd 3.4 and the member
 * under test, one after the other on the same peer URL and cluster token, compared line by line.
 * The member and cluster ids are NOT masked: they derive from the peer URL and the token, so
 * they must be etcd's. Only what is random or local is: the added learner's id (etcd derives it
 * from the time of the add), the client port, Raft indexes and file sizes.
 *
 * <p>A single member shows every refusal a change can meet before it needs a second running
 * member: too many learners, peer URLs in use, a learner not in sync, a voter or unknown id to
 * promote, unknown and removed ids, a removal that would leave no started member.
 */
class MemberDifferentialTest {
  private static final String NAME = "members";
  private static final String LEARNER_URL = "http://127.0.0.1:9999";
  /** {self}: this member's id in hex; {learner}: the learner added by the script; {peer}: the
   *  member's own peer URL. */
  private static final List<String> SCRIPT = List.of(
      "member list -w json",
      "endpoint status -w json",
      "member add x --learner --peer-urls " + LEARNER_URL,
      "member list",
      "member add y --learner --peer-urls http://127.0.0.1:9998",
      "member add y --peer-urls {peer}",
      "member update {learner} --peer-urls {peer}",
      "member promote {learner}",
      "member promote {self}",
      "member promote 1234",
      "member update 1234 --peer-urls http://127.0.0.1:7777",
      "move-leader {self}",
      "move-leader {learner}",
      "move-leader 1234",
      "member remove 1234",
      "endpoint status -w json",
      "member update {learner} --peer-urls http://127.0.0.1:9997",
      "member remove {learner}",
      "member remove {learner}",
      "member remove {self}",
      "member list -w json",
      "member list");

  private static final Pattern ADDED = Pattern.compile("Member +([0-9a-f]+) added to cluster");
  private static final Pattern INITIAL_CLUSTER = Pattern.compile("ETCD_INITIAL_CLUSTER=\"([^\"]*)\"");

  @Test
  void memberCommandsAnswerAsEtcd() throws Exception {
    int peerPort = ServerProcess.freePort();
    List<String> expected = run(MemberKind.ETCD, peerPort);
    List<String> actual = run(MemberKind.underTest(), peerPort);
    assertEquals(SCRIPT.size(), actual.size());
    List<String> report = LineDiff.ofTranscripts(
        SCRIPT.stream().map(command -> "etcdctl " + command).toList(), expected, actual);
    if (!report.isEmpty()) {
      fail("output differs (- etcd, + " + MemberKind.underTest().name().toLowerCase() + "):\n"
          + String.join("\n", report));
    }
  }

  private static List<String> run(MemberKind kind, int peerPort) throws Exception {
    try (ServerProcess server = ServerProcess.startOnPeerPort(kind, NAME, peerPort)) {
      Etcdctl etcdctl = new Etcdctl(server.endpoint());
      String peer = "http://127.0.0.1:" + peerPort;
      String self = etcdctl.ok("member", "list").split(",")[0].strip();
      String learner = null;
      List<String> transcripts = new ArrayList<>();
      for (String template : SCRIPT) {
        String command = template.replace("{self}", self).replace("{peer}", peer);
        if (command.contains("{learner}")) {
          assertTrue(learner != null, "no learner was added before: " + template);
          command = command.replace("{learner}", learner);
        }
        long before = System.currentTimeMillis() / 1000;
        CommandResult result = etcdctl.run(command.split(" "));
        Matcher added = ADDED.matcher(result.stdout());
        if (added.find()) {
          learner = added.group(1);
          assertAddedAsEtcdDerivesIds(kind, learner, before, System.currentTimeMillis() / 1000);
        }
        String masked = mask(transcript(result), learner, server.clientPort());
        // the simple list is in the order of the member ids, and the learner's is random.
        transcripts.add(template.equals("member list") ? sortedLines(masked) : masked);
      }
      return transcripts;
    }
  }

  /**
   * etcd derives an added member's id from its peer URLs and the second of the add, which the
   * test knows to within the command's run: etcd's learner id (and the candidate's) must be one
   * of those.
   */
  private static void assertAddedAsEtcdDerivesIds(MemberKind kind, String learnerHex,
      long fromSecond, long toSecond) {
    long id = Long.parseUnsignedLong(learnerHex, 16);
    boolean derived = LongStream.rangeClosed(fromSecond, toSecond).anyMatch(second ->
        MemberIds.addedMemberId(List.of(LEARNER_URL), second) == id);
    assertTrue(derived, kind + "'s learner id " + learnerHex + " is not sha1(peer URLs + second)"
        + " for any second in [" + fromSecond + ", " + toSecond + "]");
  }

  /** Hides what is random or local, and nothing that derives from the peer URL and the token. */
  static String mask(String output, String learnerHex, int clientPort) {
    String masked = output;
    if (learnerHex != null) {
      // etcdctl pads ids to 16 digits with spaces (%16x): one that starts with 0 has more.
      masked = masked.replace(String.format("%16s", learnerHex), "<learner>")
          .replace(learnerHex, "<learner>")
          .replace(Long.toUnsignedString(Long.parseUnsignedLong(learnerHex, 16)), "<learner>");
    }
    masked = masked.replace("127.0.0.1:" + clientPort, "<client>")
        .replaceAll("\"(dbSize|dbSizeInUse|raftIndex|raftAppliedIndex)\":\\d+", "\"$1\":<masked>")
        .replaceAll("\"ts\":\"[^\"]*\"", "\"ts\":<masked>")
        .replaceAll("endpoint://client-[0-9a-f-]+/", "endpoint://client-<masked>/");
    // etcdctl lists the members in the order of their (random, for the learner) ids.
    Matcher cluster = INITIAL_CLUSTER.matcher(masked);
    if (cluster.find()) {
      List<String> members = new ArrayList<>(Arrays.asList(cluster.group(1).split(",")));
      members.sort(null);
      masked = cluster.replaceFirst("ETCD_INITIAL_CLUSTER=\"" + String.join(",", members) + "\"");
    }
    return masked;
  }

  private static String sortedLines(String text) {
    List<String> sorted = new ArrayList<>(lines(text));
    sorted.sort(null);
    return String.join("\n", sorted);
  }

  private static String transcript(CommandResult result) {
    return "exit " + result.exitCode() + "\n" + result.stdout() + "\n[stderr]\n" + result.stderr();
  }

  private static List<String> lines(String text) {
    return Arrays.asList(text.split("\n", -1));
  }
}
