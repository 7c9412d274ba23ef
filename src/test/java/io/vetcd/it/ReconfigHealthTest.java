package io.vetcd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * etcd's --strict-reconfig-check health checks (mayAddMember, mayRemoveMember), on real etcd 3.4
 * and on vetcd alike: while a voter of three is down, adding a member (even a learner) or
 * removing a running voter is refused with "etcdserver: unhealthy cluster", since either could
 * leave no active quorum; removing the member that is down is allowed.
 */
class ReconfigHealthTest {
  /** etcd counts a peer as connected once its stream has been up for 5 s (HealthInterval). */
  private static final long CONNECTED_FOR_MILLIS = 6_000;
  private static final String UNHEALTHY = "Error: etcdserver: unhealthy cluster";

  private final List<ServerProcess> members = new ArrayList<>();

  @AfterEach
  void stop() {
    members.forEach(ServerProcess::close);
  }

  @ParameterizedTest
  @EnumSource(MemberKind.class)
  @Timeout(240)
  void aChangeThatCouldLoseTheActiveQuorumIsRefusedWhileAVoterIsDown(MemberKind kind)
      throws Exception {
    members.addAll(ServerProcess.startCluster(kind, 3, List.of()));
    Thread.sleep(CONNECTED_FOR_MILLIS);
    ServerProcess asked = members.get(0);
    ServerProcess running = members.get(1);
    ServerProcess down = members.get(2);
    String runningId = idOf(running);
    String downId = idOf(down);
    down.kill9();
    Etcdctl etcdctl = new Etcdctl(asked.endpoint());

    CommandResult removeRunning = etcdctl.run("member", "remove", runningId);
    assertEquals(UNHEALTHY, removeRunning.lastErrorLine(), removeRunning.describe());
    CommandResult addLearner = etcdctl.run("member", "add", "m4", "--learner",
        "--peer-urls=http://127.0.0.1:" + ServerProcess.freePort());
    assertEquals(UNHEALTHY, addLearner.lastErrorLine(), addLearner.describe());

    CommandResult removeDown = Poll.until(Duration.ofSeconds(20),
        () -> etcdctl.run("member", "remove", downId), CommandResult::succeeded);
    assertTrue(removeDown.succeeded(), removeDown.describe());
    // etcdctl pads IDs to 16 digits with spaces (%16x): an ID below 2^60 prints after two.
    assertTrue(removeDown.stdout().replaceAll(" +", " ")
            .startsWith("Member " + downId + " removed from cluster"),
        removeDown.stdout());
  }

  private static String idOf(ServerProcess member) {
    return Long.toHexString(EtcdGrpc.statusOf(member.clientPort()).getHeader().getMemberId());
  }
}
