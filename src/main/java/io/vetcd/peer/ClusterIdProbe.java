package io.vetcd.peer;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vetcd.config.MemberUrl;
import java.util.List;

/**
 * Learns the cluster ID of a running cluster from its members, as etcd's joining member does
 * (GetClusterFromRemotePeers): the peer listener answers {@code GET /members} with the ID in
 * etcd's {@code X-Etcd-Cluster-ID} header. The first peer that answers decides.
 */
public final class ClusterIdProbe {
  static final String PATH = "/members";
  static final String HEADER = "X-Etcd-Cluster-ID";
  private static final long TIMEOUT_MILLIS = 1_000;

  private ClusterIdProbe() {}

  public static Future<Long> ask(Vertx vertx, List<MemberUrl> peerUrls) {
    HttpClient client = vertx.createHttpClient();
    Future<Long> answer = Future.failedFuture("no peer URL to ask");
    for (MemberUrl url : peerUrls) {
      answer = answer.recover(failure -> client.request(new RequestOptions()
              .setMethod(HttpMethod.GET).setHost(url.host()).setPort(url.port()).setURI(PATH)
              .setTimeout(TIMEOUT_MILLIS))
          .compose(request -> request.send())
          .map(response -> Long.parseUnsignedLong(response.getHeader(HEADER), 16)));
    }
    return answer
        .recover(failure -> Future.failedFuture("cannot fetch cluster info from peer urls "
            + peerUrls + ": " + failure.getMessage()))
        .eventually(client::close);
  }
}
