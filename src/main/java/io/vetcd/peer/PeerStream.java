package io.vetcd.peer;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import io.vetcd.bus.Addresses;
import io.vetcd.consensus.PeerActivity;
import io.vetcd.consensus.RemovedMember;
import io.vetcd.raft.Message;
import java.net.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP/2 stream on which this member sends Raft messages to one peer, in the order it
 * is given them. Raft tolerates loss, so nothing is queued or retried here: while the stream is
 * down, or its write queue is full (the peer does not keep up), messages are dropped and the core
 * sends again (heartbeats, probes, append retries). A stream that fails is opened again after a
 * backoff that doubles from {@link #MIN_BACKOFF_MILLIS} up to {@link #MAX_BACKOFF_MILLIS}, so an
 * unreachable peer costs a connection attempt a second at most, and a restarted one is found
 * again within that second. Runs on the transport's event loop only.
 *
 * <p>The messages given during one event-loop task (a Ready's appends and heartbeats, say) are
 * written together, as etcd's rafthttp writes a batch before it flushes: each write to an HTTP/2
 * stream is flushed to the socket at once, so one write per message cost a DATA frame and a
 * system call each, which the leader's event loop spent most of its peer time on.
 */
final class PeerStream {
  static final String PATH = "/raft/stream";
  static final long MIN_BACKOFF_MILLIS = 50;
  static final long MAX_BACKOFF_MILLIS = 1000;
  /** Bytes written but not yet taken by the connection before messages are dropped. */
  private static final int WRITE_QUEUE_BYTES = 8 * 1024 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(PeerStream.class);

  private final Vertx vertx;
  private final HttpClient client;
  private final Peer peer;
  private final RequestOptions options;
  /** The open stream, or null while there is none. */
  private HttpClientRequest stream;
  /** Frames given during the current event-loop task, written when it ends; null when none. */
  private Buffer unflushed;
  private long backoffMillis = MIN_BACKOFF_MILLIS;
  private boolean reachable = true;
  /** A stream to the peer was up since the last report that its process is gone. */
  private boolean wasUp;
  private boolean closed;

  PeerStream(Vertx vertx, HttpClient client, Peer peer, LocalMember self) {
    this.vertx = vertx;
    this.client = client;
    this.peer = peer;
    this.options = peer.post(PATH, self);
  }

  void open() {
    client.request(options)
        .compose(request -> {
          request.setChunked(true).setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
          request.exceptionHandler(failure -> lost(request, failure.toString()));
          request.connection().closeHandler(v -> lost(request, "connection closed"));
          return request.sendHead().compose(v -> request.response()).map(response -> {
            accepted(request, response);
            return response;
          });
        })
        .onFailure(failure -> {
          if (wasUp && isRefused(failure)) {
            wasUp = false;
            vertx.eventBus().publish(Addresses.PEER_GONE, peer.id());
          }
          retry(failure.toString());
        });
  }

  /**
   * The peer's host answered that nothing listens on its port: its process is gone, not merely
   * slow or cut off (a timeout), so its followers need not wait out an election timeout.
   */
  private static boolean isRefused(Throwable failure) {
    return failure instanceof ConnectException && !(failure instanceof ConnectTimeoutException);
  }

  /** Sends {@code message} if the stream is up and keeping up; otherwise drops it. */
  void send(Message message) {
    if (stream == null || stream.writeQueueFull()) {
      return;
    }
    if (unflushed == null) {
      unflushed = Buffer.buffer();
      vertx.runOnContext(v -> flush());
    }
    unflushed.appendBuffer(Frames.encode(message));
  }

  private void flush() {
    Buffer frames = unflushed;
    unflushed = null;
    if (stream != null) {
      stream.write(frames);
    }
  }

  void close() {
    closed = true;
    if (stream != null) {
      stream.reset();
      stream = null;
    }
  }

  /** HTTP status of a stream from a member removed from the cluster, as etcd's rafthttp. */
  static final int GONE = 410;

  private void accepted(HttpClientRequest request, HttpClientResponse response) {
    if (response.statusCode() == GONE) {
      // etcd's peers answer 410 to a member they removed: it missed the commit of its removal.
      RemovedMember.exit();
      return;
    }
    if (response.statusCode() != 200) {
      request.reset();
      retry("refused with HTTP " + response.statusCode());
      return;
    }
    response.exceptionHandler(failure -> lost(request, failure.toString()));
    response.endHandler(v -> lost(request, "stream ended by the peer"));
    stream = request;
    wasUp = true;
    vertx.eventBus().publish(Addresses.PEER_ACTIVITY,
        PeerActivity.up(peer.id(), System.currentTimeMillis()));
    backoffMillis = MIN_BACKOFF_MILLIS;
    if (!reachable) {
      reachable = true;
      LOG.info("peer {} ({}) is reachable again at {}", peer.name(), hex(peer.id()), peer.url());
    }
  }

  private void lost(HttpClientRequest request, String why) {
    if (stream == request) {
      stream = null;
      vertx.eventBus().publish(Addresses.PEER_ACTIVITY, PeerActivity.down(peer.id()));
      retry(why);
    }
  }

  private void retry(String why) {
    if (closed) {
      return;
    }
    if (reachable) {
      reachable = false;
      LOG.warn("peer {} ({}) is unreachable at {}: {}; retrying with backoff up to {} ms",
          peer.name(), hex(peer.id()), peer.url(), why, MAX_BACKOFF_MILLIS);
    }
    long delay = backoffMillis;
    backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
    vertx.setTimer(delay, id -> {
      if (!closed) {
        open();
      }
    });
  }

  private static String hex(long id) {
    return Long.toUnsignedString(id, 16);
  }
}
