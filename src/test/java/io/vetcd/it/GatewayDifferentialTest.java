package io.vetcd.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sends the same HTTP requests (it/gateway.txt) to real etcd 3.4's JSON gateway and to the member
 * under test and requires the same statuses, content types and JSON bodies, with keys in sorted
 * order (JSON clients do not see field order) and ids masked by {@link OutputMasks}. With
 * `-Dvetcd.it.target=etcd` both sides are real etcd, which proves the script and the masks.
 */
class GatewayDifferentialTest {
  private static final String SCRIPT = "it/gateway.txt";
  private static final String MEMBER_NAME = "gw";

  @Test
  void theGatewayAnswersAsEtcds() throws Exception {
    List<String> script = load();
    assertTrue(script.size() >= 30, "script too short: " + script.size());

    List<String> expected = run(MemberKind.ETCD, "reference", script);
    List<String> actual = run(MemberKind.underTest(), "candidate", script);

    List<String> report = new ArrayList<>();
    for (int i = 0; i < script.size(); i++) {
      if (!expected.get(i).equals(actual.get(i))) {
        report.add("@@ " + script.get(i));
        report.addAll(LineDiff.diff(lines(expected.get(i)), lines(actual.get(i))));
      }
    }
    if (!report.isEmpty()) {
      fail("requests answered differently (- etcd, + "
          + MemberKind.underTest().name().toLowerCase() + "):\n" + String.join("\n", report));
    }
  }

  private static List<String> run(MemberKind kind, String role, List<String> script)
      throws Exception {
    try (ServerProcess server = ServerProcess.start(kind, MEMBER_NAME)) {
      GatewayClient client = new GatewayClient("http://" + server.endpoint());
      List<String> transcripts = new ArrayList<>();
      StringBuilder review = new StringBuilder();
      for (String line : script) {
        String transcript = OutputMasks.apply(client.exchange(line));
        transcripts.add(transcript);
        review.append("$ ").append(line).append('\n').append(transcript).append('\n');
      }
      Files.writeString(ServerProcess.LOG_DIR.resolve(
          "gateway-" + role + "-" + kind.name().toLowerCase() + ".txt"), review);
      return transcripts;
    }
  }

  private static List<String> load() throws IOException {
    try (InputStream in = GatewayDifferentialTest.class.getClassLoader()
        .getResourceAsStream(SCRIPT)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }
  }

  private static List<String> lines(String text) {
    return Arrays.asList(text.split("\n", -1));
  }
}
