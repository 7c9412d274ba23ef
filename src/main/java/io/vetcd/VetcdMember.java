package io.vetcd;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vetcd.api.ClientApiVerticle;
import io.vetcd.api.ResponseHeaders;
import io.vetcd.api.grpc.GrpcApi;
import io.vetcd.bus.Codecs;
import io.vetcd.bus.ReadBarrier;
import io.vetcd.bus.RequestIds;
import io.vetcd.bus.RequestLimits;
import io.vetcd.compactor.AutoCompactorVerticle;
import io.vetcd.compactor.CompactionPolicies;
import io.vetcd.config.MemberConfig;
import io.vetcd.consensus.MemberIds;
import io.vetcd.consensus.RaftBootstrap;
import io.vetcd.consensus.RaftVerticle;
import io.vetcd.consensus.RaftView;
import io.vetcd.consensus.wal.Wal;
import io.vetcd.consensus.wal.WalOptions;
import io.vetcd.lease.LeaseVerticle;
import io.vetcd.mvcc.MvccStore;
import io.vetcd.mvcc.xodus.XodusMvccStore;
import io.vetcd.storage.StorageVerticle;
import io.vetcd.tls.ClientTls;
import io.vetcd.watch.WatchHub;
import io.vetcd.watch.WatchSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running member (etcd's embed.Etcd): opens its data, deploys its verticles in order, and
 * closes them. Not to be confused with the protobuf {@code etcdserverpb.Member}, a cluster
 * member as MemberList describes it.
 */
public final class VetcdMember {
  private static final Logger LOG = LoggerFactory.getLogger(VetcdMember.class);
  /** How long a client request may wait for Raft, as etcd's default request timeout. */
  private static final long REQUEST_TIMEOUT_MILLIS = 7_000;
  private static final long READY_RETRY_MILLIS = 100;

  private final MemberConfig config;
  private final Vertx vertx;
  private final MvccStore store;
  private final Wal wal;

  private VetcdMember(MemberConfig config, Vertx vertx, MvccStore store, Wal wal) {
    this.config = config;
    this.vertx = vertx;
    this.store = store;
    this.wal = wal;
  }

  public static VetcdMember open(MemberConfig config) {
    Path memberDir = config.dataDir().resolve("member");
    MvccStore store = new XodusMvccStore(memberDir.resolve("db"));
    Wal wal = Wal.open(memberDir.resolve("wal"), WalOptions.defaults());
    return new VetcdMember(config, Vertx.vertx(), store, wal);
  }

  /** Deploys everything; completes when the member serves linearizable requests. */
  public Future<Void> start() {
    Map<String, Long> ids = new TreeMap<>();
    config.initialCluster().peerUrlsByName().forEach((name, urls) -> ids.put(
        name, MemberIds.memberId(urls.stream().map(Object::toString).toList(),
            config.initialClusterToken())));
    long memberId = ids.get(config.name());
    RaftView view = new RaftView(memberId, MemberIds.clusterId(ids.values()));
    RaftBootstrap raft = RaftBootstrap.start(
        memberId, List.copyOf(ids.values()), wal, config.electionTicks());
    RequestIds requestIds = new RequestIds(System.currentTimeMillis());
    RequestLimits limits =
        new RequestLimits(config.maxRequestBytes(), config.maxTxnOps(), REQUEST_TIMEOUT_MILLIS);
    Codecs.registerAll(vertx.eventBus());
    WatchHub watches = new WatchHub(store, new ResponseHeaders(view)::at, new WatchSettings(
        config.watchProgressNotifyIntervalMillis(),
        config.maxRequestBytes() + GrpcApi.GRPC_OVERHEAD_BYTES));

    return vertx.deployVerticle(new StorageVerticle(store),
            new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)
                .setWorkerPoolName("vetcd-apply").setWorkerPoolSize(1))
        .compose(id -> vertx.deployVerticle(new RaftVerticle(raft.core(), wal, raft.storage(), store.appliedIndex(),
            view, config.heartbeatIntervalMs(), config.snapshotCount())))
        .compose(id -> vertx.deployVerticle(watches))
        .compose(id -> vertx.deployVerticle(new LeaseVerticle(store, view, requestIds, limits)))
        .compose(id -> vertx.executeBlocking(() -> ClientTls.resolve(config)))
        .compose(clientTls -> vertx.deployVerticle(
            () -> new ClientApiVerticle(config.listenClientUrls(), clientTls, store, view,
                requestIds, limits, members(ids), watches, config.minLeaseTtlSeconds()),
            new DeploymentOptions().setInstances(clientApiInstances())))
        .compose(id -> deployAutoCompactor(view, requestIds, limits))
        .compose(id -> untilServing(new ReadBarrier(vertx, REQUEST_TIMEOUT_MILLIS)));
  }

  /**
   * Protocol event loops: half the cores, so that the Raft loop, the WAL and apply threads and
   * the readers keep the other half; more loops than that only add thread switches.
   */
  private static int clientApiInstances() {
    return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
  }

  /** The members of --initial-cluster; only this member's client URLs are known locally. */
  private List<io.vetcd.proto.etcdserverpb.Member> members(Map<String, Long> ids) {
    return ids.entrySet().stream().map(e -> {
      var member = io.vetcd.proto.etcdserverpb.Member.newBuilder()
          .setID(e.getValue())
          .setName(e.getKey())
          .addAllPeerURLs(config.initialCluster().peerUrls(e.getKey()).stream()
              .map(Object::toString).toList());
      if (e.getKey().equals(config.name())) {
        member.addAllClientURLs(config.advertiseClientUrls().stream().map(Object::toString).toList());
      }
      return member.build();
    }).toList();
  }

  private Future<?> deployAutoCompactor(RaftView view, RequestIds ids, RequestLimits limits) {
    return CompactionPolicies.of(config, System.currentTimeMillis(), store.currentRevision())
        .<Future<?>>map(policy -> vertx.deployVerticle(
            new AutoCompactorVerticle(policy, store, view, ids, limits)))
        .orElse(Future.succeededFuture());
  }

  /** A member serves once a read barrier passes: it has a leader and has applied the log. */
  private Future<Void> untilServing(ReadBarrier barrier) {
    return barrier.await().<Void>mapEmpty().recover(failure -> {
      LOG.debug("not serving yet: {}", failure.getMessage());
      return vertx.timer(READY_RETRY_MILLIS).compose(t -> untilServing(barrier));
    });
  }

  public void close() {
    try {
      vertx.close().await();
    } finally {
      wal.close();
      store.close();
    }
  }
}
