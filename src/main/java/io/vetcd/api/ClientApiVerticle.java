package io.vetcd.api;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.grpc.server.GrpcServer;
import io.vetcd.api.grpc.GrpcApi;
import io.vetcd.api.http.HttpEndpoints;
import io.vetcd.bus.LeaseClocks;
import io.vetcd.bus.Proposer;
import io.vetcd.bus.ReadBarrier;
import io.vetcd.bus.RequestIds;
import io.vetcd.bus.RequestLimits;
import io.vetcd.config.MemberUrl;
import io.vetcd.consensus.RaftView;
import io.vetcd.metrics.Metrics;
import io.vetcd.mvcc.MvccStore;
import io.vetcd.tls.ClientTls;
import io.vetcd.watch.WatchHub;
import java.util.ArrayList;
import java.util.List;

/**
 * Serves every client protocol on the client URLs, as etcd does on one port: requests whose
 * content type is application/grpc go to the gRPC server, everything else to the HTTP endpoints.
 * Several instances share the port, one per event loop. An https URL serves TLS only, to every
 * protocol alike, since TLS wraps the connection before any request is routed.
 */
public final class ClientApiVerticle extends VerticleBase {
  private final List<MemberUrl> listenUrls;
  private final ClientTls tls;
  private final MvccStore store;
  private final RaftView raft;
  private final RequestIds ids;
  private final RequestLimits limits;
  private final WatchHub watches;
  private final long minLeaseTtlSeconds;
  /** The member's metrics, served on /metrics. */
  private final Metrics metrics;

  public ClientApiVerticle(
      List<MemberUrl> listenUrls, ClientTls tls, MvccStore store, RaftView raft, RequestIds ids,
      RequestLimits limits, WatchHub watches, long minLeaseTtlSeconds, Metrics metrics) {
    this.listenUrls = listenUrls;
    this.tls = tls;
    this.store = store;
    this.raft = raft;
    this.ids = ids;
    this.limits = limits;
    this.watches = watches;
    this.minLeaseTtlSeconds = minLeaseTtlSeconds;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    ResponseHeaders headers = new ResponseHeaders(raft);
    ReadBarrier barrier = new ReadBarrier(vertx, limits.requestTimeoutMillis());
    Proposer proposer = new Proposer(vertx, ids, limits);
    KvServer kv = new KvServer(vertx, store, headers, proposer, barrier, limits.maxTxnOps());
    LeaseServer leases = new LeaseServer(vertx, store, headers, proposer, ids,
        new LeaseClocks(vertx, limits.requestTimeoutMillis()), minLeaseTtlSeconds);
    KeyWaits waits = new KeyWaits(kv, watches);
    SessionLeases sessions = new SessionLeases(leases);
    GrpcServer grpc = GrpcApi.server(
        vertx, limits.maxRequestBytes(), kv, new MaintenanceServer(vertx, store, headers),
        new ClusterServer(vertx, raft, store, headers, ids, limits.requestTimeoutMillis()), watches,
        leases, new LockServer(kv, waits, sessions), new ElectionServer(kv, waits, sessions));
    HttpEndpoints http = new HttpEndpoints(vertx, barrier, listenUrls.get(0), tls,
        limits.maxRequestBytes() + GrpcApi.GRPC_OVERHEAD_BYTES, metrics);
    List<Future<HttpServer>> listening = new ArrayList<>();
    for (MemberUrl url : listenUrls) {
      listening.add(vertx.createHttpServer(tls.configure(url, new HttpServerOptions()
              .setHost(url.host())
              .setPort(url.port())
              .setTcpNoDelay(true)))
          .connectionHandler(FlushCoalescing::install)
          .requestHandler(request -> route(request, grpc, http))
          .listen());
    }
    return Future.all(listening);
  }

  private static void route(HttpServerRequest request, GrpcServer grpc, HttpEndpoints http) {
    String contentType = request.getHeader("content-type");
    // The prefix also takes gRPC-Web (application/grpc-web, grpc-web+proto, grpc-web-text), which
    // the same GrpcServer speaks over HTTP/1.1: browsers need no proxy (it/GrpcWebTest).
    if (contentType != null && contentType.startsWith("application/grpc")) {
      grpc.handle(request);
    } else {
      http.handle(request);
    }
  }
}
