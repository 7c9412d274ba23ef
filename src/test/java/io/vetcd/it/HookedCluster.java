package io.vetcd.it;

import io.vetcd.proto.etcdserverpb.EtcdMaintenanceGrpcClient;
import io.vetcd.proto.etcdserverpb.StatusRequest;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Three vetcd members started together with the peer fault hook on, one gRPC client per member
 * that survives the member's restarts (it reconnects), and the members' IDs: a test class's
 * steps share it as a static {@code @RegisterExtension} field, started before the first.
 */
final class HookedCluster implements BeforeAllCallback, AfterAllCallback {
  private final MemberKind kind;
  private List<ServerProcess> members = List.of();
  private final Map<ServerProcess, EtcdGrpc> clients = new HashMap<>();
  private final Map<ServerProcess, Long> memberIds = new HashMap<>();
  private final PeerFaultHook faults = new PeerFaultHook();

  /** vetcd's members, with the fault hook. */
  HookedCluster() {
    this(MemberKind.VETCD);
  }

  /** Members of {@code kind}; the fault hook is vetcd's, so etcd's members cannot be isolated. */
  HookedCluster(MemberKind kind) {
    this.kind = kind;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    members = ServerProcess.startCluster(kind, 3, List.of("-Dvetcd.test.peer-faults=true"));
    for (ServerProcess member : members) {
      clients.put(member, new EtcdGrpc(member.clientPort()));
      memberIds.put(member, clients.get(member).call(EtcdMaintenanceGrpcClient.Status,
          StatusRequest.getDefaultInstance()).ok().getHeader().getMemberId());
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    clients.values().forEach(EtcdGrpc::close);
    members.forEach(ServerProcess::close);
  }

  List<ServerProcess> members() {
    return members;
  }

  EtcdGrpc client(ServerProcess member) {
    return clients.get(member);
  }

  long memberId(ServerProcess member) {
    return memberIds.get(member);
  }

  ServerProcess withId(long memberId) {
    return members.stream().filter(m -> memberIds.get(m) == memberId).findFirst()
        .orElseThrow(() -> new AssertionError("no member has the ID " + memberId));
  }

  List<ServerProcess> others(ServerProcess member) {
    return members.stream().filter(m -> m != member).toList();
  }

  /** Through the fault hook: {@code member} drops every message to and from the others. */
  void isolate(ServerProcess member) throws IOException, InterruptedException {
    faults.cut(member, others(member));
  }

  void heal(ServerProcess member) throws IOException, InterruptedException {
    faults.heal(member);
  }
}
