package io.vetcd.peer;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.parsetools.RecordParser;
import io.vetcd.bus.Addresses;
import io.vetcd.bus.LeaseForward;
import io.vetcd.bus.PromoteForward;
import io.vetcd.config.MemberUrl;
import io.vetcd.consensus.OutgoingSnapshot;
import io.vetcd.consensus.PeerRoster;
import io.vetcd.consensus.RaftMessages;
import io.vetcd.consensus.SnapshotStatus;
import io.vetcd.metrics.Metrics;
import io.vetcd.mvcc.StoreImage;
import io.vetcd.raft.Message;
import io.vetcd.tls.PeerTls;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries Raft messages between members over HTTP/2 on the peer URLs: cleartext with prior
 * knowledge on http URLs, TLS with ALPN h2 on https ones ({@link PeerTls}). Each member opens
 * one long-lived stream to each peer ({@link PeerStream}) and writes its messages there in
 * order; it reads its peers' streams on its own listener and hands what arrives, one batch per
 * received buffer, to the Raft driver. A reply travels on the replier's
 * own stream, as in etcd's rafthttp.
 *
 * <p>The transport is one verticle with its own HTTP server and HTTP client (one connection per
 * peer): peer traffic shares no connection pool with the client API, and runs on the event loop
 * Vert.x gave this verticle (deployed before the client API's, which take the next ones). A
 * stream is accepted only from a member of the same cluster (HTTP 412 otherwise, as etcd answers
 * a cluster ID mismatch).
 *
 * <p>It also carries a follower's keepalives and remaining-TTL questions to the leader's lease
 * clocks ({@link LeaseForwarding}) and a learner's promotion asked of a follower
 * ({@link PromoteForwarding}), on the same connections. Every request a peer makes is admitted
 * by the same check ({@link #admittedSender}).
 *
 * <p>A follower so far behind that the leader no longer has the entries it needs gets a snapshot:
 * an image of the leader's store streamed on a request of its own ({@link SnapshotSender},
 * {@link SnapshotReceiver}), with a client of its own, so the message streams keep flowing.
 */
public final class PeerTransport extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(PeerTransport.class);
  /** HTTP/2 flow-control window per stream: a burst of appends is not held up by window updates. */
  private static final int WINDOW_BYTES = 4 * 1024 * 1024;
  /** No member has id 0 (etcd's raft.None). */
  private static final long NOT_ADMITTED = 0;

  private final long memberId;
  private final long clusterId;
  private final LocalMember self;
  private final SnapshotMetrics snapshotMetrics;
  private final List<MemberUrl> listenUrls;
  private final PeerTls tls;
  private final Map<Long, Peer> peers = new HashMap<>();
  private final Map<Long, PeerStream> streams = new HashMap<>();
  private final PeerFaults faults;
  /** Where snapshot images are written before they are sent, and received before install. */
  private final Path snapDir;
  /** The members as last applied, this one included (for a joining member's GET /members). */
  private PeerRoster roster;
  private HttpClient client;
  private LeaseForwarding leases;
  private PromoteForwarding promotions;
  private HttpClient snapshotClient;
  private WorkerExecutor snapshotWorker;
  private SnapshotSender snapshots;
  private SnapshotReceiver snapshotReceiver;

  /**
   * @param roster every member of the cluster, this one included (the fault hook knows them by
   *     name)
   * @param snapDir the member's snapshot directory (see {@link StoreImage#fileName})
   * @param metrics where etcd's snapshot transfer metrics are counted
   */
  public PeerTransport(long memberId, long clusterId, List<MemberUrl> listenUrls, PeerTls tls,
      PeerRoster roster, Path snapDir, Metrics metrics) {
    this.memberId = memberId;
    this.self = new LocalMember(memberId, clusterId);
    this.snapshotMetrics = new SnapshotMetrics(metrics);
    this.snapDir = snapDir;
    this.clusterId = clusterId;
    this.listenUrls = List.copyOf(listenUrls);
    this.tls = tls;
    this.roster = roster;
    this.faults = PeerFaults.ifEnabled(roster.members().stream()
        .collect(Collectors.toMap(PeerRoster.Entry::name, PeerRoster.Entry::id, (a, b) -> a)));
  }

  @Override
  public Future<?> start() {
    Http2Settings window = new Http2Settings().setInitialWindowSize(WINDOW_BYTES);
    client = peerClient(window);
    snapshotClient = peerClient(window);
    snapshotWorker = vertx.createSharedWorkerExecutor("vetcd-snapshot", 1);
    snapshots = new SnapshotSender(vertx, snapshotClient, snapshotWorker, snapDir, self,
        snapshotMetrics, faults);
    snapshotReceiver = new SnapshotReceiver(vertx, snapshotWorker, snapDir, snapshotMetrics);
    List<Future<HttpServer>> listening = new ArrayList<>();
    for (MemberUrl url : listenUrls) {
      listening.add(vertx.createHttpServer(tls.configureServer(url, new HttpServerOptions()
              .setHost(url.host())
              .setPort(url.port())
              .setTcpNoDelay(true)
              .setHttp2ConnectionWindowSize(WINDOW_BYTES)
              .setInitialSettings(window)))
          .requestHandler(this::route)
          .listen());
    }
    vertx.eventBus().<RaftMessages>consumer(Addresses.PEER_SEND, m -> send(m.body().messages()));
    vertx.eventBus().<PeerRoster>consumer(Addresses.PEER_ROSTER, m -> follow(m.body()));
    leases = new LeaseForwarding(vertx, self);
    vertx.eventBus().<LeaseForward>consumer(Addresses.PEER_LEASES, m -> toLeader(m,
        m.body().leaderId(), leader -> leases.forward(client, leader, m.body())));
    promotions = new PromoteForwarding(vertx, self);
    vertx.eventBus().<PromoteForward>consumer(Addresses.PEER_PROMOTE, m -> toLeader(m,
        m.body().leaderId(), leader -> promotions.forward(client, leader, m.body().request())));
    vertx.eventBus().<OutgoingSnapshot>consumer(Addresses.PEER_SNAPSHOT,
        m -> sendSnapshot(m.body()));
    return Future.all(listening).onSuccess(v -> {
      follow(roster);
      LOG.info("peer transport listening on {}{}", listenUrls,
          faults == null ? "" : " (test fault hook enabled on " + PeerFaults.PATH + ")");
    });
  }

  /** One connection per peer, HTTP/2 (cleartext with prior knowledge, or TLS with ALPN h2). */
  private HttpClient peerClient(Http2Settings window) {
    return vertx.httpClientBuilder()
        .with(tls.configureClient(knownPeerUrls(),
            new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false)
                .setHttp2ConnectionWindowSize(WINDOW_BYTES)
                .setInitialSettings(window)
                .setTcpNoDelay(true)
                .setConnectTimeout((int) PeerStream.MAX_BACKOFF_MILLIS)))
        .with(new PoolOptions().setHttp2MaxSize(1))
        .build();
  }

  /**
   * The peer URLs the client may be asked to reach: the roster's at start, and this member's own
   * (members added later are expected to share its scheme). The streams are opened only after
   * the client is built, so the peer map is still empty here.
   */
  private List<MemberUrl> knownPeerUrls() {
    List<MemberUrl> urls = new ArrayList<>(listenUrls);
    roster.members().forEach(member ->
        member.peerUrls().forEach(url -> urls.add(MemberUrl.parse(url))));
    return urls;
  }

  @Override
  public Future<?> stop() {
    streams.values().forEach(PeerStream::close);
    return Future.all(client.close(), snapshotClient.close(), snapshotWorker.close());
  }

  /**
   * Streams to exactly the members of {@code roster}: opens a stream to an added member, closes
   * the stream to a removed one, and reopens it to a member whose peer URL changed. A member
   * whose peer URLs are not known yet keeps the stream it has.
   */
  private void follow(PeerRoster roster) {
    this.roster = roster;
    Map<Long, Peer> next = new HashMap<>();
    for (PeerRoster.Entry member : roster.members()) {
      if (member.id() == memberId) {
        continue;
      }
      Peer known = peers.get(member.id());
      if (!member.peerUrls().isEmpty()) {
        next.put(member.id(), new Peer(member.id(), member.name(),
            MemberUrl.parse(member.peerUrls().get(0))));
      } else if (known != null) {
        next.put(member.id(), known);
      }
    }
    peers.keySet().stream().filter(id -> !next.containsKey(id)).toList().forEach(id -> {
      LOG.info("stopped streaming to removed member {}", Long.toHexString(id));
      peers.remove(id);
      streams.remove(id).close();
    });
    next.forEach((id, peer) -> {
      if (!peer.equals(peers.get(id))) {
        PeerStream old = streams.remove(id);
        if (old != null) {
          old.close();
        }
        peers.put(id, peer);
        PeerStream stream = new PeerStream(vertx, client, peer, self);
        streams.put(id, stream);
        stream.open();
        LOG.debug("streaming to member {} ({}) at {}", peer.name(), Long.toHexString(id),
            peer.url());
      }
    });
  }

  private void send(List<Message> messages) {
    for (Message m : messages) {
      PeerStream stream = streams.get(m.to());
      if (stream == null) {
        LOG.debug("dropping a message to unknown member {}: {}", Long.toHexString(m.to()), m);
      } else if (faults == null) {
        stream.send(m);
      } else if (!faults.drops(m.to())) {
        long delay = faults.delayMillis(m.to());
        if (delay > 0) {
          vertx.setTimer(delay, id -> stream.send(m));
        } else {
          stream.send(m);
        }
      }
    }
  }

  /** Answers {@code message} with what {@code call} gets from the leader, its member to reach. */
  private <T, R> void toLeader(io.vertx.core.eventbus.Message<T> message, long leaderId,
      Function<Peer, Future<R>> call) {
    Peer leader = peers.get(leaderId);
    if (leader == null) {
      message.fail(0, "the leader " + Long.toHexString(leaderId) + " is not a known peer");
      return;
    }
    call.apply(leader)
        .onSuccess(message::reply)
        .onFailure(e -> message.fail(0, e.getMessage()));
  }

  private void sendSnapshot(OutgoingSnapshot snapshot) {
    long to = snapshot.message().to();
    Peer peer = peers.get(to);
    if (peer == null || (faults != null && faults.drops(to))) {
      snapshot.image().close();
      vertx.eventBus().send(Addresses.RAFT_SNAPSHOT_STATUS, new SnapshotStatus(to, false));
    } else {
      snapshots.send(snapshot, peer);
    }
  }

  private void route(HttpServerRequest request) {
    if (request.method() == HttpMethod.POST && PeerStream.PATH.equals(request.path())) {
      accept(request);
    } else if (request.method() == HttpMethod.POST
        && request.path().startsWith(LeaseForwarding.PATH_PREFIX)) {
      if (admittedSender(request) != NOT_ADMITTED) {
        leases.serve(request);
      }
    } else if (request.method() == HttpMethod.POST
        && request.path().startsWith(PromoteForwarding.PATH_PREFIX)) {
      if (admittedSender(request) != NOT_ADMITTED) {
        promotions.serve(request);
      }
    } else if (request.method() == HttpMethod.POST
        && SnapshotSender.PATH.equals(request.path())) {
      long from = admittedSender(request);
      if (from != NOT_ADMITTED) {
        snapshotReceiver.accept(request, from);
      }
    } else if (request.method() == HttpMethod.POST
        && SnapshotSender.HELD_PATH.equals(request.path())) {
      if (admittedSender(request) != NOT_ADMITTED) {
        snapshotReceiver.held(request);
      }
    } else if (request.method() == HttpMethod.GET && ClusterIdProbe.PATH.equals(request.path())) {
      request.response().putHeader(ClusterIdProbe.HEADER, Long.toUnsignedString(clusterId, 16))
          .end(ClusterIdProbe.body(roster));
    } else if (faults != null && request.method() == HttpMethod.POST
        && PeerFaults.PATH.equals(request.path())) {
      faults.handle(request);
    } else {
      request.response().setStatusCode(404).end();
    }
  }

  /**
   * The sending member's id, if it is a member of this cluster not removed from it; otherwise
   * answers as etcd does (412 for another cluster, 410 for a removed member) and returns
   * {@link #NOT_ADMITTED}.
   */
  private long admittedSender(HttpServerRequest request) {
    try {
      long from = Long.parseUnsignedLong(request.getHeader(Peer.FROM_HEADER), 16);
      long cluster = Long.parseUnsignedLong(request.getHeader(Peer.CLUSTER_HEADER), 16);
      if (cluster != clusterId) {
        request.response().setStatusCode(412).end("cluster ID mismatch\n");
        return NOT_ADMITTED;
      }
      if (roster.removed().contains(from)) {
        request.response().setStatusCode(PeerStream.GONE).end("the member has been removed\n");
        return NOT_ADMITTED;
      }
      return from;
    } catch (NumberFormatException | NullPointerException e) {
      request.response().setStatusCode(400).end("missing or malformed member headers\n");
      return NOT_ADMITTED;
    }
  }

  /** Reads one peer's stream until it ends, handing each buffer's messages to the driver. */
  private void accept(HttpServerRequest request) {
    long from = admittedSender(request);
    if (from == NOT_ADMITTED) {
      return;
    }
    List<Message> received = new ArrayList<>();
    RecordParser frames = Frames.parser(m -> {
      if (m.to() == memberId && (faults == null || !faults.drops(from))) {
        received.add(m);
      }
    });
    request.response().setStatusCode(200).setChunked(true).writeHead();
    request.handler(buffer -> {
      if (roster.removed().contains(from)) {
        // Removed since the stream opened: its reopening is answered 410 Gone.
        request.response().reset();
        return;
      }
      try {
        frames.handle(buffer);
      } catch (IllegalArgumentException malformed) {
        LOG.warn("resetting the stream from {}: {}", Long.toHexString(from),
            malformed.getMessage());
        request.response().reset();
        return;
      }
      if (!received.isEmpty()) {
        vertx.eventBus().send(Addresses.RAFT_STEP, new RaftMessages(received));
        received.clear();
      }
    });
    request.endHandler(v -> request.response().end());
  }
}
