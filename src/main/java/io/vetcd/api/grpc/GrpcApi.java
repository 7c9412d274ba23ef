package io.vetcd.api.grpc;

import io.vertx.core.Vertx;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;
import io.vetcd.api.ClusterServer;
import io.vetcd.api.ElectionServer;
import io.vetcd.api.KvServer;
import io.vetcd.api.LeaseServer;
import io.vetcd.api.LockServer;
import io.vetcd.api.MaintenanceServer;
import io.vetcd.proto.etcdserverpb.EtcdClusterGrpcService;
import io.vetcd.proto.etcdserverpb.EtcdKVGrpcService;
import io.vetcd.proto.etcdserverpb.EtcdLeaseGrpcService;
import io.vetcd.proto.etcdserverpb.EtcdMaintenanceGrpcService;
import io.vetcd.proto.etcdserverpb.EtcdWatchGrpcService;
import io.vetcd.proto.v3electionpb.EtcdElectionGrpcService;
import io.vetcd.proto.v3lockpb.EtcdLockGrpcService;
import io.vetcd.watch.WatchHub;

/** The gRPC server of the client port, with every service implemented so far. */
public final class GrpcApi {
  /** etcd lets a gRPC message exceed --max-request-bytes by this much, so that the request
   *  reaches the server's own size check and fails with "request is too large". */
  public static final long GRPC_OVERHEAD_BYTES = 512 * 1024;

  private GrpcApi() {}

  public static GrpcServer server(
      Vertx vertx, long maxRequestBytes, KvServer kv, MaintenanceServer maintenance,
      ClusterServer cluster, WatchHub watches, LeaseServer leases, LockServer locks,
      ElectionServer elections) {
    GrpcServer server = GrpcServer.server(
        vertx, new GrpcServerOptions().setMaxMessageSize(maxRequestBytes + GRPC_OVERHEAD_BYTES));
    TolerantDecoding.bind(EtcdKVGrpcService.of(new KvGrpcService(kv)), server);
    TolerantDecoding.bind(
        EtcdMaintenanceGrpcService.of(new MaintenanceGrpcService(maintenance)), server);
    TolerantDecoding.bind(EtcdClusterGrpcService.of(new ClusterGrpcService(cluster)), server);
    TolerantDecoding.bind(EtcdWatchGrpcService.of(new WatchGrpcService(watches)), server);
    TolerantDecoding.bind(EtcdLeaseGrpcService.of(new LeaseGrpcService(leases)), server);
    LockGrpcService lockService = new LockGrpcService(locks);
    TolerantDecoding.bind(EtcdLockGrpcService.builder(lockService)
        .bind(EtcdLockGrpcService.Unlock).build(), server);
    TolerantDecoding.bind(EtcdLockGrpcService.Lock, ClientCancels.unary(locks::lock), server);
    ElectionGrpcService electionService = new ElectionGrpcService(elections);
    TolerantDecoding.bind(EtcdElectionGrpcService.builder(electionService)
        .bind(EtcdElectionGrpcService.Proclaim, EtcdElectionGrpcService.Leader,
            EtcdElectionGrpcService.Resign).build(), server);
    TolerantDecoding.bind(EtcdElectionGrpcService.Campaign,
        ClientCancels.unary(elections::campaign), server);
    TolerantDecoding.bind(EtcdElectionGrpcService.Observe, electionService::observe, server);
    return server;
  }
}
