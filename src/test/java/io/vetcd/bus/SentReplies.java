package io.vetcd.bus;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records every message of one type put on the event bus, as it is sent. An outbound interceptor
 * runs on the sending thread, so a test sees what the code under test sent and when (e.g. "not
 * yet"), whatever the requester's reply handler, which Vert.x calls at most once, gets to see.
 */
public final class SentReplies {
  private SentReplies() {}

  public static <T> List<T> record(Vertx vertx, Class<T> type) {
    List<T> sent = new CopyOnWriteArrayList<>();
    vertx.eventBus().addOutboundInterceptor(delivery -> {
      if (type.isInstance(delivery.message().body())) {
        sent.add(type.cast(delivery.message().body()));
      }
      delivery.next();
    });
    return sent;
  }
}
