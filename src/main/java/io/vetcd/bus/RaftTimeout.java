package io.vetcd.bus;

import io.vertx.core.Future;
import io.vetcd.errors.EtcdError;

/** A request that Raft did not answer in time is, to the client, etcd's request timeout. */
final class RaftTimeout {
  private RaftTimeout() {}

  static <T> Future<T> asEtcdError(Throwable busFailure) {
    return Future.failedFuture(EtcdError.TIMEOUT.exception());
  }
}
