package io.vetcd.peer;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vetcd.config.MemberUrl;

/** Another member as the transport reaches it: its id, its name (for logs and the fault hook) and
 *  the peer URL its stream connects to. */
public record Peer(long id, String name, MemberUrl url) {
  /** Tells the peer who sends and from which cluster ({@link PeerTransport} admits on them). */
  static final String FROM_HEADER = "x-vetcd-from";
  static final String CLUSTER_HEADER = "x-vetcd-cluster-id";

  /** A POST to {@code uri} on this peer from {@code self}. */
  RequestOptions post(String uri, LocalMember self) {
    return new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setHost(url.host())
        .setPort(url.port())
        .setSsl(url.isTls())
        .setURI(uri)
        .putHeader(FROM_HEADER, Long.toUnsignedString(self.memberId(), 16))
        .putHeader(CLUSTER_HEADER, Long.toUnsignedString(self.clusterId(), 16));
  }
}
