package io.vetcd.api.http;

import java.util.HashMap;
import java.util.Map;

/**
 * The HTTP paths of etcd 3.4's grpc-gateway, read from the google.api.http annotations of etcd's
 * rpc.proto, v3lock.proto and v3election.proto (vetcd's protos leave the annotations out). etcd
 * 3.4 serves every path under both /v3/ and /v3beta/. A method that is not served yet answers
 * UNIMPLEMENTED from the gRPC server, so a service that lands needs no change here.
 */
final class GatewayPaths {
  private static final String[] PREFIXES = {"/v3", "/v3beta"};

  /** Path (without the version prefix) to the full gRPC method name. */
  private static final Map<String, String> METHODS = Map.ofEntries(
      Map.entry("/kv/range", "etcdserverpb.KV/Range"),
      Map.entry("/kv/put", "etcdserverpb.KV/Put"),
      Map.entry("/kv/deleterange", "etcdserverpb.KV/DeleteRange"),
      Map.entry("/kv/txn", "etcdserverpb.KV/Txn"),
      Map.entry("/kv/compaction", "etcdserverpb.KV/Compact"),
      Map.entry("/watch", "etcdserverpb.Watch/Watch"),
      Map.entry("/lease/grant", "etcdserverpb.Lease/LeaseGrant"),
      Map.entry("/lease/revoke", "etcdserverpb.Lease/LeaseRevoke"),
      Map.entry("/kv/lease/revoke", "etcdserverpb.Lease/LeaseRevoke"),
      Map.entry("/lease/keepalive", "etcdserverpb.Lease/LeaseKeepAlive"),
      Map.entry("/lease/timetolive", "etcdserverpb.Lease/LeaseTimeToLive"),
      Map.entry("/kv/lease/timetolive", "etcdserverpb.Lease/LeaseTimeToLive"),
      Map.entry("/lease/leases", "etcdserverpb.Lease/LeaseLeases"),
      Map.entry("/kv/lease/leases", "etcdserverpb.Lease/LeaseLeases"),
      Map.entry("/cluster/member/add", "etcdserverpb.Cluster/MemberAdd"),
      Map.entry("/cluster/member/remove", "etcdserverpb.Cluster/MemberRemove"),
      Map.entry("/cluster/member/update", "etcdserverpb.Cluster/MemberUpdate"),
      Map.entry("/cluster/member/list", "etcdserverpb.Cluster/MemberList"),
      Map.entry("/cluster/member/promote", "etcdserverpb.Cluster/MemberPromote"),
      Map.entry("/maintenance/alarm", "etcdserverpb.Maintenance/Alarm"),
      Map.entry("/maintenance/status", "etcdserverpb.Maintenance/Status"),
      Map.entry("/maintenance/defragment", "etcdserverpb.Maintenance/Defragment"),
      // Hash and HashKV share this path in etcd's annotations; grpc-gateway's mux serves the
      // first registered, Hash, so HashKV has no HTTP path.
      Map.entry("/maintenance/hash", "etcdserverpb.Maintenance/Hash"),
      Map.entry("/maintenance/snapshot", "etcdserverpb.Maintenance/Snapshot"),
      Map.entry("/maintenance/transfer-leadership", "etcdserverpb.Maintenance/MoveLeader"),
      Map.entry("/auth/enable", "etcdserverpb.Auth/AuthEnable"),
      Map.entry("/auth/disable", "etcdserverpb.Auth/AuthDisable"),
      Map.entry("/auth/authenticate", "etcdserverpb.Auth/Authenticate"),
      Map.entry("/auth/user/add", "etcdserverpb.Auth/UserAdd"),
      Map.entry("/auth/user/get", "etcdserverpb.Auth/UserGet"),
      Map.entry("/auth/user/list", "etcdserverpb.Auth/UserList"),
      Map.entry("/auth/user/delete", "etcdserverpb.Auth/UserDelete"),
      Map.entry("/auth/user/changepw", "etcdserverpb.Auth/UserChangePassword"),
      Map.entry("/auth/user/grant", "etcdserverpb.Auth/UserGrantRole"),
      Map.entry("/auth/user/revoke", "etcdserverpb.Auth/UserRevokeRole"),
      Map.entry("/auth/role/add", "etcdserverpb.Auth/RoleAdd"),
      Map.entry("/auth/role/get", "etcdserverpb.Auth/RoleGet"),
      Map.entry("/auth/role/list", "etcdserverpb.Auth/RoleList"),
      Map.entry("/auth/role/delete", "etcdserverpb.Auth/RoleDelete"),
      Map.entry("/auth/role/grant", "etcdserverpb.Auth/RoleGrantPermission"),
      Map.entry("/auth/role/revoke", "etcdserverpb.Auth/RoleRevokePermission"),
      Map.entry("/lock/lock", "v3lockpb.Lock/Lock"),
      Map.entry("/lock/unlock", "v3lockpb.Lock/Unlock"),
      Map.entry("/election/campaign", "v3electionpb.Election/Campaign"),
      Map.entry("/election/proclaim", "v3electionpb.Election/Proclaim"),
      Map.entry("/election/leader", "v3electionpb.Election/Leader"),
      Map.entry("/election/observe", "v3electionpb.Election/Observe"),
      Map.entry("/election/resign", "v3electionpb.Election/Resign"));

  private GatewayPaths() {}

  /** Every served path, with each version prefix, to its method. */
  static Map<String, GatewayMethod> all() {
    Map<String, GatewayMethod> paths = new HashMap<>();
    METHODS.forEach((path, method) -> {
      GatewayMethod resolved = GatewayMethod.named(method);
      for (String prefix : PREFIXES) {
        paths.put(prefix + path, resolved);
      }
    });
    return Map.copyOf(paths);
  }
}
