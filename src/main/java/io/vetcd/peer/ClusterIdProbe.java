package io.vetcd.peer;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vetcd.config.MemberUrl;
import io.vetcd.consensus.PeerRoster;
import io.vetcd.tls.PeerTls;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Learns the cluster ID and the member IDs of a running cluster from its members, as etcd's
 * joining member does (GetClusterFromRemotePeers): the peer listener answers {@code GET /members}
 * with the ID in etcd's {@code X-Etcd-Cluster-ID} header and one line per member, its ID in hex
 * and its peer URLs. The first peer that answers decides. https peer URLs are asked over the
 * peer TLS the transport uses ({@link PeerTls}: client certificate, trusted CA, auto TLS), and
 * never in plaintext.
 */
public final class ClusterIdProbe {
  /** What a running member answered: the cluster ID and each member's peer URLs by ID. */
  public record RemoteCluster(long clusterId, Map<Long, List<String>> peerUrls) {}

  static final String PATH = "/members";
  static final String HEADER = "X-Etcd-Cluster-ID";
  /**
   * Per peer. etcd waits 1 s; a JVM's first TLS handshake (class loading, key set-up) alone can
   * take longer on a busy machine, and a joining member asks only once.
   */
  private static final long TIMEOUT_MILLIS = 5_000;

  private ClusterIdProbe() {}

  /** The body of a {@code GET /members} answer for {@code roster}. */
  static String body(PeerRoster roster) {
    StringBuilder out = new StringBuilder();
    roster.members().forEach(m -> out.append(Long.toHexString(m.id())).append(' ')
        .append(String.join(",", m.peerUrls())).append('\n'));
    return out.toString();
  }

  public static Future<RemoteCluster> ask(Vertx vertx, PeerTls tls, List<MemberUrl> peerUrls) {
    HttpClient client = vertx.createHttpClient(
        tls.configureClient(peerUrls, new HttpClientOptions()));
    Future<RemoteCluster> answer = Future.failedFuture("no peer URL to ask");
    for (MemberUrl url : peerUrls) {
      answer = answer.recover(failure -> client.request(new RequestOptions()
              .setMethod(HttpMethod.GET).setHost(url.host()).setPort(url.port()).setURI(PATH)
              .setSsl(url.isTls()).setTimeout(TIMEOUT_MILLIS))
          .compose(request -> request.send())
          .compose(response -> response.body().map(body -> new RemoteCluster(
              Long.parseUnsignedLong(response.getHeader(HEADER), 16), parse(body.toString())))));
    }
    return answer
        .recover(failure -> Future.failedFuture("cannot fetch cluster info from peer urls "
            + peerUrls + ": " + failure.getMessage()))
        .eventually(client::close);
  }

  private static Map<Long, List<String>> parse(String body) {
    Map<Long, List<String>> out = new HashMap<>();
    body.lines().map(line -> line.split(" ", 2)).forEach(fields -> out.put(
        Long.parseUnsignedLong(fields[0], 16), List.of(fields[1].split(","))));
    return out;
  }
}
