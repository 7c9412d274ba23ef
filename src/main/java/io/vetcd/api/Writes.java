package io.vetcd.api;

import com.google.protobuf.Message;
import io.vertx.core.Future;
import io.vetcd.bus.Proposer;
import io.vetcd.proto.vetcdpb.InternalRequest;

/** Replicates a write and turns its apply result into the client's response or etcd error. */
final class Writes {
  private final Proposer proposer;
  private final ResponseHeaders headers;

  Writes(Proposer proposer, ResponseHeaders headers) {
    this.proposer = proposer;
    this.headers = headers;
  }

  <T extends Message> Future<T> write(InternalRequest.Builder request, Class<T> type) {
    return proposer.propose(request).compose(result -> result.error() != null
        ? Future.failedFuture(result.error().exception())
        : Future.succeededFuture(headers.fill(type.cast(result.response()))));
  }
}
