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
 * etcdserverpb.Watch over gRPC: one hub stream per call, whose watches end when the call is
 * cancelled.
 */
final class WatchGrpcService extends EtcdWatchService {
  private final WatchHub hub;

  WatchGrpcService(WatchHub hub) {
    this.hub = hub;
  }

  @Override
  protected void watch(ReadStream<WatchRequest> requests, WriteStream<WatchResponse> responses) {
    // The generated service hands over the call's request stream, which is a gRPC one.
    GrpcReadStream<WatchRequest> call = (GrpcReadStream<WatchRequest>) requests;
    WatchStream stream = hub.openStream(WatchSink.of(responses, call));
    call.handler(request -> {
      if (request != null) { // null: undecodable (TolerantDecoding); etcd ignores what it cannot use
        stream.handle(request);
      }
    });
    // etcd 3.4 keeps watching after the client half-closes (v3rpc/watch.go: recvLoop returns nil
    // on io.EOF and Watch waits for the call's context): only a cancelled call ends the watches.
    // Its JSON gateway half-closes after the request body, so `curl /v3/watch` keeps streaming.
    call.end().onFailure(cancelled -> stream.close());
    responses.exceptionHandler(reset -> stream.close());
  }
}
