package io.vetcd.bench;

import io.vertx.core.Future;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.core.net.SocketAddress;
import io.vetcd.proto.etcdserverpb.EtcdLeaseGrpcClient;
import io.vetcd.proto.etcdserverpb.LeaseKeepAliveRequest;
import io.vetcd.proto.etcdserverpb.LeaseKeepAliveResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keepalive streams, each renewing its own leases round robin with a fixed number of keepalives
 * in flight (closed loop: an answer sends the next one), for as long as it runs. Counts the
 * answers; an answer with TTL 0 (the lease is gone) is counted apart.
 */
final class KeepAliveLoad {
  private final List<Stream> streams = new ArrayList<>();
  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong expired = new AtomicLong();
  private volatile boolean running = true;

  /** Opens {@code leasesPerStream.size()} streams over {@code clients}, round robin. */
  static KeepAliveLoad start(List<GrpcClient> clients, SocketAddress address,
      List<long[]> leasesPerStream, int inFlight) throws Exception {
    KeepAliveLoad load = new KeepAliveLoad();
    List<Future<?>> opened = new ArrayList<>();
    for (int i = 0; i < leasesPerStream.size(); i++) {
      long[] leases = leasesPerStream.get(i);
      opened.add(clients.get(i % clients.size())
          .request(address, EtcdLeaseGrpcClient.LeaseKeepAlive)
          .map(request -> {
            Stream stream = load.new Stream(request, leases);
            load.streams.add(stream);
            request.response().onSuccess(response -> response.handler(stream::answered));
            for (int k = 0; k < inFlight; k++) {
              stream.sendNext();
            }
            return stream;
          }));
    }
    Future.all(opened).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    return load;
  }

  long answered() {
    return answered.get();
  }

  long expired() {
    return expired.get();
  }

  void stop() {
    running = false;
    streams.forEach(stream -> stream.request.cancel());
  }

  private final class Stream {
    final GrpcClientRequest<LeaseKeepAliveRequest, LeaseKeepAliveResponse> request;
    final long[] leases;
    int next;

    Stream(GrpcClientRequest<LeaseKeepAliveRequest, LeaseKeepAliveResponse> request,
        long[] leases) {
      this.request = request;
      this.leases = leases;
    }

    void sendNext() {
      request.write(LeaseKeepAliveRequest.newBuilder().setID(leases[next]).build());
      next = (next + 1) % leases.length;
    }

    void answered(LeaseKeepAliveResponse response) {
      answered.incrementAndGet();
      if (response.getTTL() <= 0) {
        expired.incrementAndGet();
      }
      if (running) {
        sendNext();
      }
    }
  }
}
