package io.vetcd.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vetcd.bus.ReadBarrier;
import io.vetcd.config.MemberUrl;
import io.vetcd.config.Versions;
import io.vetcd.metrics.Metrics;
import io.vetcd.tls.ClientTls;
import java.util.concurrent.TimeUnit;

/**
 * The plain-HTTP side of the client port: /version, /health and (part of) /metrics as etcd
 * serves them, etcd's JSON
 * gateway under /v3/ and /v3beta/ (with WebSockets), and the web console at /ui.
 */
public final class HttpEndpoints implements Handler<HttpServerRequest> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long HEALTH_TIMEOUT_MILLIS = 1000;

  private final ReadBarrier barrier;
  private final String versionJson;
  private final JsonGateway gateway;
  private final StaticUi ui = new StaticUi();
  private final Metrics metrics;

  /**
   * The gateway calls gRPC on {@code clientUrl}, one of the member's client URLs, with the
   * member's certificate over TLS; it reads request bodies up to what a gRPC message of at most
   * {@code maxMessageBytes} can take in JSON. /metrics renders {@code metrics}.
   */
  public HttpEndpoints(Vertx vertx, ReadBarrier barrier, MemberUrl clientUrl, ClientTls tls,
      long maxMessageBytes, Metrics metrics) {
    this.barrier = barrier;
    this.metrics = metrics;
    this.gateway = new JsonGateway(new Loopback(vertx, clientUrl, tls), maxMessageBytes);
    ObjectNode version = JSON.createObjectNode()
        .put("etcdserver", Versions.ETCD_SERVER)
        .put("etcdcluster", Versions.ETCD_CLUSTER)
        .put("vetcd", Versions.vetcd());
    this.versionJson = version.toString();
  }

  @Override
  public void handle(HttpServerRequest request) {
    String path = request.path();
    if (JsonGateway.serves(path)) {
      gateway.handle(request);
      return;
    }
    if (StaticUi.serves(path)) {
      onlyGet(request, () -> ui.handle(request));
      return;
    }
    switch (path) {
      case "/version" -> onlyGet(request, () -> json(request, 200, versionJson));
      case "/health" -> onlyGet(request, () -> health(request));
      case "/metrics" -> onlyGet(request, () -> metrics(request));
      default -> request.response().setStatusCode(404).end("404 page not found\n");
    }
  }

  /** Healthy when a linearizable read barrier passes: there is a leader and it is reachable. */
  private void health(HttpServerRequest request) {
    barrier.await()
        .timeout(HEALTH_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
        .onComplete(done -> {
          if (done.succeeded()) {
            json(request, 200, "{\"health\":\"true\"}");
          } else {
            json(request, 503, "{\"health\":\"false\"}");
          }
        });
  }

  /** The member's metrics, in Prometheus' text format with etcd's names and help texts. */
  private void metrics(HttpServerRequest request) {
    request.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(metrics.render());
  }

  private static void onlyGet(HttpServerRequest request, Runnable handler) {
    if (request.method() != HttpMethod.GET) {
      request.response().setStatusCode(405).putHeader("Allow", "GET").end("Method Not Allowed\n");
      return;
    }
    handler.run();
  }

  private static void json(HttpServerRequest request, int status, String body) {
    request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
  }
}
