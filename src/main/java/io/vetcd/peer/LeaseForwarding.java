package io.vetcd.peer;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vetcd.bus.Addresses;
import io.vetcd.bus.LeaseForward;
import io.vetcd.bus.LeaseIds;
import io.vetcd.bus.LeaseTtls;
import java.util.Set;

/**
 * Keepalives and remaining-TTL questions from a follower to the leader's lease verticle, which
 * alone keeps the leases' clocks (etcd's leasehttp: {@code /leases} and {@code /leases/internal}
 * on the leader's peer URL). One HTTP/2 request per forwarded batch on the connection the Raft
 * stream uses: {@code POST /leases/<event-bus address>}, the lease ids as 8-byte big-endian
 * numbers; the answer is one 8-byte number per id, in order, or HTTP 503 when the member asked is
 * not the leader (the follower then asks again, as etcd's LeaseRenew loops).
 */
final class LeaseForwarding {
  static final String PATH_PREFIX = "/leases/";
  private static final Set<String> ADDRESSES =
      Set.of(Addresses.LEASE_RENEW, Addresses.LEASE_REMAINING);

  private final Vertx vertx;
  private final LocalMember self;

  LeaseForwarding(Vertx vertx, LocalMember self) {
    this.vertx = vertx;
    this.self = self;
  }

  /** The follower's side: the leader's answer, failed when it is not reachable or not leader. */
  Future<LeaseTtls> forward(HttpClient client, Peer leader, LeaseForward forward) {
    return client.request(leader.post(PATH_PREFIX + forward.address(), self))
        .compose(request -> request.send(encode(forward.ids())))
        .compose(response -> response.body().compose(body -> answer(response, body,
            forward.ids().length)));
  }

  /**
   * The leader's side, for a request {@link PeerTransport} admitted: asks its own lease verticle,
   * which refuses when it no longer leads.
   */
  void serve(HttpServerRequest request) {
    String address = request.path().substring(PATH_PREFIX.length());
    if (!ADDRESSES.contains(address)) {
      request.response().setStatusCode(404).end();
      return;
    }
    request.body()
        .compose(body -> vertx.eventBus().<LeaseTtls>request(address,
            LeaseIds.fromFollower(decode(body))))
        .onSuccess(reply -> {
          LeaseTtls ttls = reply.body();
          if (ttls.error() != null) {
            request.response().setStatusCode(503).end(ttls.error() + "\n");
          } else {
            request.response().end(encode(ttls.ttls()));
          }
        })
        .onFailure(e -> request.response().setStatusCode(503).end(e.getMessage() + "\n"));
  }

  private static Future<LeaseTtls> answer(HttpClientResponse response, Buffer body, int count) {
    if (response.statusCode() != 200 || body.length() != count * Long.BYTES) {
      return Future.failedFuture("the leader answered HTTP " + response.statusCode() + ": "
          + body.toString().strip());
    }
    return Future.succeededFuture(LeaseTtls.of(decode(body)));
  }

  private static Buffer encode(long[] numbers) {
    Buffer buffer = Buffer.buffer(numbers.length * Long.BYTES);
    for (long n : numbers) {
      buffer.appendLong(n);
    }
    return buffer;
  }

  private static long[] decode(Buffer buffer) {
    long[] numbers = new long[buffer.length() / Long.BYTES];
    for (int i = 0; i < numbers.length; i++) {
      numbers[i] = buffer.getLong(i * Long.BYTES);
    }
    return numbers;
  }
}
