package io.vetcd;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vetcd.api.ClientApiVerticle;
import io.vetcd.api.ResponseHeaders;
import io.vetcd.api.grpc.GrpcApi;
import io.vetcd.bus.Addresses;
import io.vetcd.bus.Codecs;
import io.vetcd.bus.ProposalResults;
import io.vetcd.bus.Proposals;
import io.vetcd.bus.ReadBarrier;
import io.vetcd.bus.RequestIds;
import io.vetcd.bus.RequestLimits;
import io.vetcd.compactor.AutoCompactorVerticle;
import io.vetcd.compactor.CompactionPolicies;
import io.vetcd.config.MemberConfig;
import io.vetcd.config.MemberUrl;
import io.vetcd.consensus.ClusterMembers;
import io.vetcd.consensus.ConsensusCodecs;
import io.vetcd.consensus.MemberIds;
import io.vetcd.consensus.PeerRoster;
import io.vetcd.consensus.RaftBootstrap;
import io.vetcd.consensus.RaftVerticle;
import io.vetcd.consensus.RaftView;
import io.vetcd.consensus.WalIdentity;
import io.vetcd.consensus.wal.Wal;
import io.vetcd.consensus.wal.WalOptions;
import io.vetcd.lease.LeaseVerticle;
import io.vetcd.metrics.Metrics;
import io.vetcd.mvcc.MvccStore;
import io.vetcd.mvcc.xodus.XodusMvccStore;
import io.vetcd.proto.etcdserverpb.Member;
import io.vetcd.proto.vetcdpb.InternalRequest;
import io.vetcd.proto.vetcdpb.MemberAttributes;
import io.vetcd.peer.ClusterIdProbe;
import io.vetcd.peer.PeerTransport;
import io.vetcd.storage.StorageVerticle;
import io.vetcd.tls.ClientTls;
import io.vetcd.tls.PeerTls;
import io.vetcd.watch.WatchHub;
import io.vetcd.watch.WatchSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
  private final Path walDir;
  /** Opened at once when it exists; a new one is created once this member's IDs are known. */
  private volatile Wal wal;

  private VetcdMember(MemberConfig config, Vertx vertx, MvccStore store, Path walDir, Wal wal) {
    this.config = config;
    this.vertx = vertx;
    this.store = store;
    this.walDir = walDir;
    this.wal = wal;
  }

  public static VetcdMember open(MemberConfig config) {
    Path memberDir = config.dataDir().resolve("member");
    Path walDir = memberDir.resolve("wal");
    Wal wal = Wal.exists(walDir) ? Wal.open(walDir, WalOptions.defaults()) : null;
    // A snapshot received from the leader and marked in the WAL is swapped in first, if the
    // member stopped before it was.
    MvccStore store = new XodusMvccStore(memberDir.resolve("db"), snapDir(config),
        wal == null ? 0 : wal.snapshotIndex());
    return new VetcdMember(config,
        Vertx.vertx(EventLoopPlan.vertxOptions(clientApiInstances())), store, walDir, wal);
  }

  /** Deploys everything; completes when the member serves linearizable requests. */
  public Future<Void> start() {
    List<Member> initialCluster = initialCluster();
    // Read once, on a worker (it may make the --peer-auto-tls certificate): a joining member
    // asks its peers for the cluster's IDs over the same TLS its transport uses later.
    return vertx.executeBlocking(() -> PeerTls.resolve(config)).compose(peerTls ->
        identity(initialCluster, peerTls).compose(view -> vertx
            .executeBlocking(() -> bootstrap(view, initialCluster))
            .compose(raft -> start(view, raft, initialCluster, peerTls))));
  }

  /**
   * The Raft core from the WAL, on a worker (a founder's first entries are fsynced). A new WAL is
   * created here, with this member's IDs in its metadata for every later start.
   */
  private RaftBootstrap bootstrap(RaftView view, List<Member> initialCluster) {
    if (wal == null) {
      wal = Wal.open(walDir, WalOptions.defaults()
          .withMetadata(new WalIdentity(view.memberId(), view.clusterId()).toBytes()));
    }
    return RaftBootstrap.start(view.memberId(), initialCluster, !config.isNewCluster(),
        config.strictReconfigCheck(), wal, config.electionTicks());
  }

  /**
   * This member's ID and the cluster's: on a restart, those its WAL was created with, whatever
   * the flags say now (as etcd reads them from its WAL); else derived from --initial-cluster by
   * the founders, asked of the running members by a member started with --initial-cluster-state
   * existing, as etcd's joining member does (member add chose its ID, and the founders'
   * --initial-cluster did not list it). A joining member that no peer answers cannot start, as in
   * etcd; one restarted on a WAL written before vetcd kept the IDs in it falls back to the
   * derived IDs.
   */
  private Future<RaftView> identity(List<Member> initialCluster, PeerTls peerTls) {
    WalIdentity kept = wal == null ? null : WalIdentity.fromBytes(wal.recovered().metadata());
    if (kept != null) {
      return Future.succeededFuture(new RaftView(kept.memberId(), kept.clusterId()));
    }
    Member self = initialCluster.stream().filter(m -> m.getName().equals(config.name()))
        .findFirst().orElseThrow();
    RaftView derived = new RaftView(self.getID(),
        MemberIds.clusterId(initialCluster.stream().map(Member::getID).toList()));
    if (config.isNewCluster()) {
      return Future.succeededFuture(derived);
    }
    List<MemberUrl> peers = initialCluster.stream().filter(m -> m != self)
        .flatMap(m -> m.getPeerURLsList().stream()).map(MemberUrl::parse).toList();
    Future<RaftView> asked = ClusterIdProbe.ask(vertx, peerTls, peers).map(remote -> new RaftView(
        remote.peerUrls().entrySet().stream()
            .filter(e -> e.getValue().stream().sorted().toList().equals(self.getPeerURLsList()))
            .map(Map.Entry::getKey).findFirst().orElse(self.getID()),
        remote.clusterId()));
    return wal == null || wal.recovered().entries().isEmpty() ? asked : asked.otherwise(failure -> {
      LOG.warn("{}; using the IDs derived from --initial-cluster", failure.getMessage());
      return derived;
    });
  }

  private Future<Void> start(RaftView view, RaftBootstrap raft, List<Member> initialCluster,
      PeerTls peerTls) {
    long memberId = view.memberId();
    RequestIds requestIds = new RequestIds(memberId, System.currentTimeMillis());
    RequestLimits limits =
        new RequestLimits(config.maxRequestBytes(), config.maxTxnOps(), REQUEST_TIMEOUT_MILLIS);
    Codecs.registerAll(vertx.eventBus());
    ConsensusCodecs.registerAll(vertx.eventBus());
    WatchHub watches = new WatchHub(store, new ResponseHeaders(view)::at, new WatchSettings(
        config.watchProgressNotifyIntervalMillis(),
        config.maxRequestBytes() + GrpcApi.GRPC_OVERHEAD_BYTES));
    Metrics metrics = new Metrics();
    // Shows that cancelled watches, Observe's included, are gone.
    metrics.gauge("etcd_debugging_mvcc_watcher_total", "Total number of watchers.",
        watches::watcherTotal);

    EventLoopPlan loops = new EventLoopPlan();
    // The order is part of the event-loop plan (see EventLoopPlan): the watch hub and the lessor
    // before the Raft driver and the peer transport, the client API after them.
    return vertx.deployVerticle(new StorageVerticle(store), StorageVerticle.deployment())
        .compose(id -> vertx.deployVerticle(loops.watched("watch", watches)))
        .compose(id -> vertx.deployVerticle(loops.watched("lease",
            new LeaseVerticle(store, view, requestIds, limits))))
        .compose(id -> vertx.deployVerticle(loops.watched(EventLoopPlan.RAFT,
            new RaftVerticle(raft.core(), wal, raft.storage(), raft.reconfiguration(),
                store.appliedIndex(), view, config.heartbeatIntervalMs(),
                config.snapshotCount())), RaftVerticle.deployment()))
        .compose(id -> deployPeerTransport(loops, memberId, view.clusterId(),
            peersAtStart(raft.reconfiguration().members(), initialCluster), peerTls, metrics))
        .compose(id -> vertx.executeBlocking(() -> ClientTls.resolve(config)))
        .compose(clientTls -> vertx.deployVerticle(
            () -> loops.watched(EventLoopPlan.CLIENT_API, new ClientApiVerticle(
                config.listenClientUrls(), clientTls, store, view, requestIds, limits, watches,
                config.minLeaseTtlSeconds(), metrics)),
            new DeploymentOptions().setInstances(clientApiInstances())))
        .compose(id -> deployAutoCompactor(loops, view, requestIds, limits))
        .map(id -> {
          LOG.info("event loops: {}", loops.check());
          return id;
        })
        .compose(id -> untilServing(new ReadBarrier(vertx, REQUEST_TIMEOUT_MILLIS)))
        .compose(v -> publish(memberId, requestIds));
  }

  /** The members of --initial-cluster, with their ids, names and peer URLs. */
  private List<Member> initialCluster() {
    return config.initialCluster().peerUrlsByName().entrySet().stream().map(e -> {
      List<String> urls = e.getValue().stream().map(Object::toString).sorted().toList();
      return Member.newBuilder()
          .setID(MemberIds.memberId(urls, config.initialClusterToken()))
          .setName(e.getKey())
          .addAllPeerURLs(urls)
          .build();
    }).toList();
  }

  /**
   * Announces this member's name and client URLs through the log, as etcd's publish does, so
   * every member's MemberList shows them; retried until it is applied.
   */
  private Future<Void> publish(long memberId, RequestIds ids) {
    InternalRequest request = InternalRequest.newBuilder()
        .setId(ids.next())
        .setMemberAttributes(MemberAttributes.newBuilder()
            .setMemberId(memberId)
            .setName(config.name())
            .addAllClientUrls(config.advertiseClientUrls().stream().map(Object::toString).toList()))
        .build();
    return vertx.eventBus().<ProposalResults>request(Addresses.RAFT_PROPOSE,
            new Proposals(List.of(request)),
            new DeliveryOptions().setSendTimeout(REQUEST_TIMEOUT_MILLIS))
        .<Void>mapEmpty()
        .recover(failure -> {
          LOG.warn("publishing this member's attributes failed, retrying: {}", failure.getMessage());
          return vertx.timer(READY_RETRY_MILLIS).compose(t -> publish(memberId, ids));
        });
  }

  /**
   * Protocol event loops: half the cores, so that the Raft loop, the WAL and apply threads and
   * the readers keep the other half; more loops than that only add thread switches.
   */
  private static int clientApiInstances() {
    return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
  }

  /**
   * The members the transport streams to at start: the persisted membership once there is one
   * (the conf changes after it are applied again and tell the transport), else --initial-cluster.
   */
  private static PeerRoster peersAtStart(ClusterMembers persisted, List<Member> initialCluster) {
    return persisted.list().isEmpty() ? PeerRoster.of(initialCluster, List.of())
        : persisted.peerRoster();
  }

  /**
   * The peer transport, when there are peers: a member alone opens no peer listener.
   */
  private Future<?> deployPeerTransport(EventLoopPlan loops, long memberId, long clusterId,
      PeerRoster roster, PeerTls peerTls, Metrics metrics) {
    if (roster.members().stream().allMatch(m -> m.id() == memberId)) {
      return Future.succeededFuture();
    }
    return vertx.deployVerticle(loops.watched(EventLoopPlan.PEER,
        new PeerTransport(memberId, clusterId, config.listenPeerUrls(), peerTls, roster,
            snapDir(config), metrics)));
  }

  /** Snapshot images: made here for a lagging follower, received here from the leader. */
  private static Path snapDir(MemberConfig config) {
    return config.dataDir().resolve("member").resolve("snap");
  }

  private Future<?> deployAutoCompactor(EventLoopPlan loops, RaftView view, RequestIds ids,
      RequestLimits limits) {
    return CompactionPolicies.of(config, System.currentTimeMillis(), store.currentRevision())
        .<Future<?>>map(policy -> vertx.deployVerticle(loops.watched("compactor",
            new AutoCompactorVerticle(policy, store, view, ids, limits))))
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
      if (wal != null) {
        wal.close();
      }
      store.close();
    }
  }
}
