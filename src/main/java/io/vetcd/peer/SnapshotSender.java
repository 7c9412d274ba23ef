package io.vetcd.peer;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.RequestOptions;
import io.vetcd.bus.Addresses;
import io.vetcd.consensus.OutgoingSnapshot;
import io.vetcd.consensus.SnapshotStatus;
import io.vetcd.raft.Message;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a snapshot to a follower, as etcd's rafthttp snapshotSender: the store image is written
 * to a file with its SHA-256 on a worker (the image is then closed, so the store is held back only
 * that long), then POSTed on its own HTTP/2 request: the SNAP message, the checksum and the size
 * in headers, the image as the body. Its client is not the message streams' one, so a long
 * transfer never holds up heartbeats and appends; peer TLS applies alike. The follower answers 204
 * once the image is durable and handed to its Raft driver; the outcome goes back to this member's
 * core.
 *
 * <p>A transfer cut short (a reset, a lost connection, the follower restarting) is resumed, not
 * begun again: before each attempt the sender asks the follower what it holds of this image
 * ({@code POST /raft/snapshot/held}: the length and SHA-256 of its partial file), checks that
 * its own file begins with exactly those bytes, and sends the rest from there; the follower
 * checks the whole image's checksum before it installs it. Attempts go on for
 * {@link #RESUME_WINDOW_MILLIS}; each failed one counts in etcd's send failures.
 */
final class SnapshotSender {
  static final String PATH = "/raft/snapshot";
  static final String HELD_PATH = "/raft/snapshot/held";
  static final String MESSAGE_HEADER = "x-vetcd-snapshot-message";
  static final String SHA256_HEADER = "x-vetcd-snapshot-sha256";
  static final String SIZE_HEADER = "x-vetcd-snapshot-size";
  static final String OFFSET_HEADER = "x-vetcd-snapshot-offset";
  /** A transfer that makes no progress for this long is abandoned (and retried by the core). */
  private static final long IDLE_TIMEOUT_MILLIS = 30_000;
  /**
   * How long a transfer keeps resuming before the core hears it failed (and makes a new image):
   * long enough for a follower's process to be restarted.
   */
  private static final long RESUME_WINDOW_MILLIS = 60_000;
  private static final long RETRY_MILLIS = 1_000;
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotSender.class);

  private final Vertx vertx;
  private final HttpClient client;
  private final WorkerExecutor worker;
  private final Path snapDir;
  private final LocalMember self;
  private final SnapshotMetrics metrics;
  /** The test fault hook, or null. */
  private final PeerFaults faults;

  SnapshotSender(Vertx vertx, HttpClient client, WorkerExecutor worker, Path snapDir,
      LocalMember self, SnapshotMetrics metrics, PeerFaults faults) {
    this.vertx = vertx;
    this.client = client;
    this.worker = worker;
    this.snapDir = snapDir;
    this.self = self;
    this.metrics = metrics;
    this.faults = faults;
  }

  void send(OutgoingSnapshot snapshot, Peer peer) {
    Message message = snapshot.message();
    long index = message.snapshot().index();
    Path path = snapDir.resolve("to-" + Long.toHexString(peer.id()) + ".out");
    long startedNanos = System.nanoTime();
    worker.executeBlocking(() -> {
          Files.createDirectories(snapDir);
          return ImageFile.write(snapshot.image(), path);
        })
        .compose(file -> transfer(peer, message, file,
            System.currentTimeMillis() + RESUME_WINDOW_MILLIS).map(file))
        .onComplete(done -> {
          worker.executeBlocking(() -> Files.deleteIfExists(path));
          if (done.succeeded()) {
            LOG.info("sent the snapshot at index {} ({} bytes) to member {} ({}) in {} ms",
                index, done.result().sizeBytes(), peer.name(), Long.toHexString(peer.id()),
                (System.nanoTime() - startedNanos) / 1_000_000);
          } else {
            LOG.warn("sending the snapshot at index {} to member {} ({}) failed: {}", index,
                peer.name(), Long.toHexString(peer.id()), done.cause().toString());
          }
          vertx.eventBus().send(Addresses.RAFT_SNAPSHOT_STATUS,
              new SnapshotStatus(peer.id(), done.succeeded()));
        });
  }

  /** Attempts until one succeeds or {@code deadlineMillis} passes. */
  private Future<Void> transfer(Peer peer, Message message, ImageFile file, long deadlineMillis) {
    long startedNanos = System.nanoTime();
    return attempt(peer, message, file)
        .onSuccess(v -> metrics.sent(peer.id(), startedNanos))
        .recover(failure -> {
          metrics.sendFailed(peer.id());
          if (System.currentTimeMillis() + RETRY_MILLIS > deadlineMillis) {
            return Future.failedFuture(failure);
          }
          LOG.warn("sending the snapshot at index {} to member {} ({}) was cut short, resuming: {}",
              message.snapshot().index(), peer.name(), Long.toHexString(peer.id()),
              failure.toString());
          return vertx.timer(RETRY_MILLIS)
              .compose(t -> transfer(peer, message, file, deadlineMillis));
        });
  }

  /** Sends what the follower does not hold yet of {@code file}. */
  private Future<Void> attempt(Peer peer, Message message, ImageFile file) {
    return held(peer, file)
        .compose(held ->
            worker.executeBlocking(() -> file.startsWith(held) ? held.sizeBytes() : 0L))
        .compose(offset -> {
          if (offset > 0) {
            LOG.info("resuming the snapshot at index {} to member {} ({}) at byte {} of {}",
                message.snapshot().index(), peer.name(), Long.toHexString(peer.id()), offset,
                file.sizeBytes());
          }
          return post(peer, message, file, offset);
        });
  }

  /** What the follower holds of the image {@code file} (a length and a hash; no path). */
  private Future<ImageFile> held(Peer peer, ImageFile file) {
    return client.request(peer.post(HELD_PATH, self)
            .setIdleTimeout(IDLE_TIMEOUT_MILLIS)
            .putHeader(SHA256_HEADER, file.sha256Hex()))
        .compose(HttpClientRequest::send)
        .compose(response -> response.body().compose(body -> {
          String[] answer = body.toString().strip().split(" ");
          return response.statusCode() == 200 && answer.length == 2
              ? Future.succeededFuture(new ImageFile(null, Long.parseLong(answer[0]), answer[1]))
              : Future.failedFuture("asked what it holds, the follower answered HTTP "
                  + response.statusCode() + ": " + body.toString().strip());
        }));
  }

  private Future<Void> post(Peer peer, Message message, ImageFile file, long offset) {
    long cutAfter = faults == null ? 0 : faults.takeSnapshotCut();
    RequestOptions options = peer.post(PATH, self)
        .setIdleTimeout(IDLE_TIMEOUT_MILLIS)
        .putHeader(MESSAGE_HEADER, Base64.getEncoder().encodeToString(message.toBytes()))
        .putHeader(SHA256_HEADER, file.sha256Hex())
        .putHeader(SIZE_HEADER, Long.toString(file.sizeBytes()))
        .putHeader(OFFSET_HEADER, Long.toString(offset));
    if (cutAfter == 0) {
      options.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(file.sizeBytes() - offset));
    }
    return vertx.fileSystem().open(file.path().toString(), new OpenOptions().setRead(true))
        .compose(body -> client.request(options)
            // The test hook's cut: the body ends early (sent without a length, so the follower
            // takes the end as the sender's), which, unlike a reset, leaves the follower
            // exactly those bytes whatever the timing.
            .compose(request -> request.send(cutAfter > 0
                ? body.setReadPos(offset).setReadLength(cutAfter)
                : body.setReadPos(offset)))
            .compose(SnapshotSender::accepted)
            .andThen(done -> body.close()));
  }

  /** Reads the answer at once: a response whose handlers are set a turn later loses its end. */
  private static Future<Void> accepted(HttpClientResponse response) {
    return response.body().compose(text -> response.statusCode() == 204
        ? Future.<Void>succeededFuture()
        : Future.failedFuture("refused with HTTP " + response.statusCode() + ": "
            + text.toString().trim()));
  }
}
