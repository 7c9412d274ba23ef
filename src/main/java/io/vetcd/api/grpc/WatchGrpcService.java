package io.vetcd.api.grpc;

import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import io.vertx.grpc.common.GrpcReadStream;
import io.vetcd.proto.etcdserverpb.EtcdWatchService;
import io.vetcd.proto.etcdserverpb.WatchRequest;
import io.vetcd.proto.etcdserverpb.WatchResponse;
import io.vetcd.watch.WatchHub;
import io.vetcd.watch.WatchSink;
import io.vetcd.watch.WatchStream;

/**
 * etcdserverpb.Watch over gRPC: one hub stream per call. As etcd, the call ends with OK when the
 * client closes its side, and every watch of the call ends with it.
 */
final class WatchGrpcService extends EtcdWatchService {
  private final WatchHub hub;

  WatchGrpcService(WatchHub hub) {
    this.hub = hub;
  }

  @Override
  protected void watch(ReadStream<WatchRequest> requests, WriteStream<WatchResponse> responses) {
    WatchStream stream = hub.openStream(WatchSink.of(responses));
    // The generated service hands over the call's request stream, which is a gRPC one.
    GrpcReadStream<WatchRequest> call = (GrpcReadStream<WatchRequest>) requests;
    call.handler(request -> {
      if (request != null) { // null: undecodable (TolerantDecoding); etcd ignores what it cannot use
        stream.handle(request);
      }
    });
    call.end().onComplete(ended -> {
      stream.close();
      if (ended.succeeded()) {
        responses.end();
      }
    });
  }
}
