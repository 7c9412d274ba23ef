package io.vetcd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vetcd.proto.etcdserverpb.StatusResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code etcdctl member promote} asked of a follower, on real etcd 3.4 and on vetcd alike: only
 * the leader knows how far a learner's log is, so the follower hands the promotion to the leader
 * over the peer port and gives back its answer. A learner that was added but never started is
 * refused as not in sync, a voter as not a learner, an unknown ID as not found, each with etcd's
 * message; once the learner runs and caught up, the promotion through the follower succeeds and
 * the four members agree on one leader with no learner left.
 */
class PromoteThroughFollowerTest {
  private static final Duration SETTLE_LIMIT = Duration.ofSeconds(30);
  private static final String[] NO_SNAPSHOT = {"--snapshot-count", "1000000"};
  private static final Pattern ADDED = Pattern.compile("Member +([0-9a-f]+) added to cluster");
  private static final String NOT_READY = "Error: etcdserver: can only promote a learner member "
      + "which is in sync with leader";
  private static final String NOT_LEARNER = "Error: etcdserver: can only promote a learner member";
  private static final String NOT_FOUND = "Error: etcdserver: member not found";

  private final List<ServerProcess> members = new ArrayList<>();

  @AfterEach
  void stop() {
    members.forEach(ServerProcess::close);
  }

  @ParameterizedTest
  @EnumSource(MemberKind.class)
  @Timeout(240)
  void aFollowerHandsThePromotionToTheLeader(MemberKind kind) throws Exception {
    members.addAll(ServerProcess.startCluster(kind, 3, List.of(), NO_SNAPSHOT));
    Etcdctl cluster = new Etcdctl(endpoints(members));
    ServerProcess learner = ServerProcess.joining(members, "m4", NO_SNAPSHOT);
    // As etcd, a member refuses changes until its peers' streams have been up for 5 s.
    CommandResult add = Poll.until(SETTLE_LIMIT, () -> cluster.run("member", "add", "m4",
        "--learner", "--peer-urls=" + learner.peerUrl()), CommandResult::succeeded);
    Matcher added = ADDED.matcher(add.stdout());
    assertTrue(added.find(), add.describe());
    String learnerId = added.group(1);
    ServerProcess follower = members.stream().filter(m -> {
      StatusResponse status = EtcdGrpc.statusOf(m.clientPort());
      return status.getLeader() != status.getHeader().getMemberId();
    }).findFirst().orElseThrow();
    Etcdctl throughFollower = new Etcdctl(follower.endpoint());

    CommandResult notReady = throughFollower.run("member", "promote", learnerId);
    assertEquals(NOT_READY, notReady.lastErrorLine(), notReady.describe());
    String voterId =
        Long.toHexString(EtcdGrpc.statusOf(follower.clientPort()).getHeader().getMemberId());
    CommandResult voter = throughFollower.run("member", "promote", voterId);
    assertEquals(NOT_LEARNER, voter.lastErrorLine(), voter.describe());
    CommandResult unknown = throughFollower.run("member", "promote", "1234abcd");
    assertEquals(NOT_FOUND, unknown.lastErrorLine(), unknown.describe());

    members.add(learner);
    learner.join();
    assertEquals("OK\n", cluster.ok("put", "after-join", "1"));
    CommandResult promoted = Poll.until(SETTLE_LIMIT,
        () -> throughFollower.run("member", "promote", learnerId), CommandResult::succeeded);
    // etcdctl pads IDs to 16 digits with spaces (%16x): an ID below 2^60 prints after two.
    assertTrue(promoted.stdout().replaceAll(" +", " ")
            .startsWith("Member " + learnerId + " promoted in cluster"),
        promoted.describe());
    List<StatusResponse> statuses = Poll.until(SETTLE_LIMIT,
        () -> members.stream().map(m -> EtcdGrpc.statusOf(m.clientPort())).toList(),
        all -> all.stream().map(s -> List.of(s.getLeader(), s.getRaftIndex())).distinct().count()
            == 1 && all.stream().noneMatch(StatusResponse::getIsLearner));
    assertEquals(1, statuses.stream().map(s -> List.of(s.getLeader(), s.getRaftIndex()))
        .distinct().count(), "one leader and one raft index: " + statuses);
    assertTrue(statuses.stream().noneMatch(StatusResponse::getIsLearner), statuses.toString());
  }

  private static String endpoints(List<ServerProcess> of) {
    return of.stream().map(ServerProcess::endpoint).collect(Collectors.joining(","));
  }
}
