package io.vetcd.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import io.vetcd.proto.etcdserverpb.ResponseHeader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The same random KV requests, in lockstep, against real etcd 3.4 and the member under test:
 * every response (or error status and message) must be identical except the ids and term in the
 * header. Prints the seed; `-Dvetcd.seed=N` replays a run, `-Dvetcd.differential.ops=N` sets its
 * length.
 */
class RandomDifferentialTest {
  private static final int OPS = Integer.getInteger("vetcd.differential.ops", 400);
  private static final Pattern HEADER_IDS =
      Pattern.compile("(cluster_id|member_id|raft_term): \\d+");
  private static final int HISTORY_SHOWN = 15;

  @Test
  void randomKvRequestsAnswerAsEtcdDoes() throws Exception {
    long seed = Long.getLong("vetcd.seed", System.nanoTime());
    System.out.println("RandomDifferentialTest seed " + seed + " (replay with -Dvetcd.seed="
        + seed + ")");
    RandomKvRequests requests = new RandomKvRequests(new Random(seed));
    List<String> history = new ArrayList<>();
    int answered = 0;
    try (ServerProcess etcd = ServerProcess.start(MemberKind.ETCD, "random");
        ServerProcess candidate = ServerProcess.startUnderTest("random");
        EtcdGrpc reference = new EtcdGrpc(etcd.clientPort());
        EtcdGrpc tested = new EtcdGrpc(candidate.clientPort())) {
      for (int i = 0; i < OPS; i++) {
        RandomKvRequests.KvCall call = requests.next();
        history.add("#" + i + " " + call.text());
        GrpcReply<? extends Message> expected = send(call, reference, "etcd", seed, history);
        GrpcReply<? extends Message> actual = send(call, tested, candidate.kind().name()
            .toLowerCase() + " (log " + candidate.logFile() + ")", seed, history);
        String expectedText = outcome(expected);
        String actualText = outcome(actual);
        if (!expectedText.equals(actualText)) {
          fail("seed " + seed + ": request #" + i + " answered differently (- etcd, + "
              + candidate.kind().name().toLowerCase() + ")\n"
              + String.join("\n", LineDiff.diff(lines(expectedText), lines(actualText)))
              + recent(history));
        }
        if (expected.response() != null) {
          answered++;
          requests.observe(revisionOf(expected.response()));
        }
      }
    }
    System.out.println("RandomDifferentialTest: " + OPS + " requests, " + answered + " answered OK");
    assertTrue(answered > OPS / 2, "most requests must succeed, or the comparison says little: "
        + answered + " of " + OPS);
  }

  /** One call; a transport failure fails the test with the seed and the requests before it. */
  private static GrpcReply<? extends Message> send(RandomKvRequests.KvCall call, EtcdGrpc member,
      String memberName, long seed, List<String> history) {
    try {
      return call.send().apply(member);
    } catch (IllegalStateException e) {
      throw new AssertionError("seed " + seed + ": " + memberName + " gave no answer to "
          + history.get(history.size() - 1) + ": " + e.getMessage() + recent(history), e);
    }
  }

  private static String recent(List<String> history) {
    return "\nlast requests:\n" + String.join("\n",
        history.subList(Math.max(0, history.size() - HISTORY_SHOWN), history.size()));
  }

  private static String outcome(GrpcReply<? extends Message> reply) {
    if (reply.response() == null) {
      return reply.describe();
    }
    return HEADER_IDS.matcher(TextFormat.printer().printToString(reply.response()))
        .replaceAll("$1: <masked>");
  }

  /** Every KV response has a `header` field; read it without a case per response type. */
  private static long revisionOf(Message response) {
    var header = response.getDescriptorForType().findFieldByName("header");
    return ((ResponseHeader) response.getField(header)).getRevision();
  }

  private static List<String> lines(String text) {
    return Arrays.asList(text.split("\n", -1));
  }
}
