package io.vetcd.api;

import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Vert.x flushes an HTTP/2 connection after every frame it writes outside a read, so answers that
 * complete together (a committed batch, one barrier's reads) cost one socket write per frame.
 * Netty's consolidation handler turns those flushes into one per event-loop turn, which is what
 * grpc-go's writer does for etcd. Used on server connections, and on the benchmark's client ones.
 */
public final class FlushCoalescing {
  private FlushCoalescing() {}

  public static void install(HttpConnection connection) {
    // Vert.x exposes the Netty channel only on its connection implementation.
    if (connection instanceof ConnectionBase base) {
      base.channel().pipeline().addFirst(new FlushConsolidationHandler(
          FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
    }
  }
}
