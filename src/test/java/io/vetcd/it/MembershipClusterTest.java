package io.vetcd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vetcd.proto.etcdserverpb.EtcdMaintenanceGrpcClient;
import io.vetcd.proto.etcdserverpb.StatusRequest;
import io.vetcd.proto.etcdserverpb.StatusResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Membership changes on a running cluster of real processes, through etcdctl: a learner added
 * with member add and started with --initial-cluster-state existing receives the log from the
 * leader and serves serializable reads of writes made before and after it joined, and keeps the
 * IDs it was given when restarted without the join flags; promoted, it
 * votes and every member reports one leader and one raft index; a removed member stops (etcd's
 * "permanently removed") while the others go on accepting writes.
 */
class MembershipClusterTest {
  private static final Duration SETTLE_LIMIT = Duration.ofSeconds(20);
  /** No log compaction during the test: a joining member catches up from the leader's log. */
  private static final String[] NO_SNAPSHOT = {"--snapshot-count", "1000000"};
  private static final Pattern ADDED = Pattern.compile("Member +([0-9a-f]+) added to cluster");

  private final List<ServerProcess> members = new ArrayList<>();

  @AfterEach
  void stop() {
    members.forEach(ServerProcess::close);
  }

  @Test
  @Timeout(240)
  void aLearnerJoinsCatchesUpIsPromotedAndARemovedMemberStops() throws Exception {
    members.addAll(ServerProcess.startCluster(MemberKind.VETCD, 3, List.of(), NO_SNAPSHOT));
    Etcdctl cluster = new Etcdctl(endpoints(members));
    assertEquals("OK\n", cluster.ok("put", "before-join", "1"));

    ServerProcess learner = ServerProcess.joining(members, "m4", NO_SNAPSHOT);
    members.add(learner);
    // As etcd, a member refuses changes until its peers' streams have been up for 5 s.
    CommandResult add = Poll.until(SETTLE_LIMIT, () -> cluster.run("member", "add", "m4",
        "--learner", "--peer-urls=" + learner.peerUrl()), CommandResult::succeeded);
    String added = add.stdout();
    Matcher id = ADDED.matcher(added);
    assertTrue(id.find(), added);
    learner.join();
    assertEquals("OK\n", cluster.ok("put", "after-join", "2"));
    Etcdctl onLearner = new Etcdctl(learner.endpoint());
    assertEquals("2\n", Poll.until(SETTLE_LIMIT,
        () -> onLearner.run("get", "after-join", "--consistency=s", "--print-value-only").stdout(),
        "2\n"::equals), "the learner applies a write made after it joined");
    assertEquals("1\n",
        onLearner.ok("get", "before-join", "--consistency=s", "--print-value-only"),
        "the learner received the log written before it joined");

    // Restarted without --initial-cluster-state existing, it keeps the IDs it was given.
    StatusResponse joined = status(learner);
    assertEquals(Long.parseUnsignedLong(id.group(1), 16), joined.getHeader().getMemberId());
    assertEquals(status(members.get(0)).getHeader().getClusterId(),
        joined.getHeader().getClusterId());
    learner.stop();
    learner.restartWithoutJoinFlags();
    assertEquals(List.of(joined.getHeader().getMemberId(), joined.getHeader().getClusterId()),
        List.of(status(learner).getHeader().getMemberId(),
            status(learner).getHeader().getClusterId()), "the IDs after a restart");
    assertEquals("OK\n", cluster.ok("put", "after-restart", "3"));
    assertEquals("3\n", Poll.until(SETTLE_LIMIT,
        () -> onLearner.run("get", "after-restart", "--consistency=s", "--print-value-only")
            .stdout(), "3\n"::equals), "the restarted learner goes on receiving the log");

    CommandResult promoted = Poll.until(SETTLE_LIMIT,
        () -> cluster.run("member", "promote", id.group(1)), r -> r.exitCode() == 0);
    assertEquals(0, promoted.exitCode(), promoted.describe());
    List<StatusResponse> statuses = settledStatuses(members);
    assertEquals(4, statuses.size());
    assertEquals(1, statuses.stream().filter(s -> s.getLeader() == s.getHeader().getMemberId())
        .count(), "one leader among the four: " + statuses);
    assertTrue(statuses.stream().noneMatch(StatusResponse::getIsLearner), statuses.toString());
    String table = new Etcdctl(endpoints(members)).ok("endpoint", "status", "-w", "table");
    assertEquals(1, table.lines().filter(line -> line.contains("|      true |")).count(), table);

    ServerProcess removed = members.stream()
        .filter(m -> status(m).getLeader() != status(m).getHeader().getMemberId())
        .findFirst().orElseThrow();
    long removedId = status(removed).getHeader().getMemberId();
    List<ServerProcess> remaining = members.stream().filter(m -> m != removed).toList();
    Etcdctl rest = new Etcdctl(endpoints(remaining));
    // Not through the removed member: it stops as soon as it learns of its removal.
    CommandResult remove = Poll.until(SETTLE_LIMIT,
        () -> rest.run("member", "remove", Long.toHexString(removedId)), CommandResult::succeeded);
    assertTrue(remove.succeeded(), remove.describe());
    assertEquals("OK\n", rest.ok("put", "after-remove", "4"));
    assertFalse(Poll.until(SETTLE_LIMIT, removed::isAlive, alive -> !alive),
        "the removed member stops");
    assertTrue(removed.output().contains("the member has been permanently removed"),
        removed.output());
    for (ServerProcess member : remaining) {
      assertEquals("4\n", new Etcdctl(member.endpoint())
          .ok("get", "after-remove", "--print-value-only"), member.name());
    }
    assertEquals(3, settledStatuses(remaining).size());
  }

  /** Every member's status once they agree on one leader and one raft index. */
  private List<StatusResponse> settledStatuses(List<ServerProcess> of) throws InterruptedException {
    List<StatusResponse> statuses = Poll.until(SETTLE_LIMIT,
        () -> of.stream().map(this::status).toList(),
        all -> all.stream().map(s -> List.of(s.getLeader(), s.getRaftIndex())).distinct().count()
            == 1 && all.get(0).getLeader() != 0);
    assertEquals(1, statuses.stream().map(s -> List.of(s.getLeader(), s.getRaftIndex()))
        .distinct().count(), "one leader and one raft index: " + statuses);
    return statuses;
  }

  private StatusResponse status(ServerProcess member) {
    EtcdGrpc client = new EtcdGrpc(member.clientPort());
    try {
      return client.call(EtcdMaintenanceGrpcClient.Status, StatusRequest.getDefaultInstance()).ok();
    } finally {
      client.close();
    }
  }

  private static String endpoints(List<ServerProcess> of) {
    return of.stream().map(ServerProcess::endpoint).collect(Collectors.joining(","));
  }
}
