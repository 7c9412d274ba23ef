package io.vetcd.peer;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClient;
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
 * that long), then POSTed on its own HTTP/2 request: the SNAP message and the checksum in headers,
 * the image as the body. Its client is not the message streams' one, so a long transfer never
 * holds up heartbeats and appends; peer TLS applies alike. The follower answers 204 once the image
 * is durable and handed to its Raft driver; the outcome goes back to this member's core.
 */
final class SnapshotSender {
  static final String PATH = "/raft/snapshot";
  static final String MESSAGE_HEADER = "x-vetcd-snapshot-message";
  static final String SHA256_HEADER = "x-vetcd-snapshot-sha256";
  /** A transfer that makes no progress for this long is abandoned (and retried by the core). */
  private static final long IDLE_TIMEOUT_MILLIS = 30_000;
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotSender.class);

  private final Vertx vertx;
  private final HttpClient client;
  private final WorkerExecutor worker;
  private final Path snapDir;
  private final long memberId;
  private final long clusterId;

  SnapshotSender(Vertx vertx, HttpClient client, WorkerExecutor worker, Path snapDir,
      long memberId, long clusterId) {
    this.vertx = vertx;
    this.client = client;
    this.worker = worker;
    this.snapDir = snapDir;
    this.memberId = memberId;
    this.clusterId = clusterId;
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
        .compose(file -> post(peer, message, file).map(file))
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

  private Future<Void> post(Peer peer, Message message, ImageFile file) {
    RequestOptions options = peer.post(PATH, memberId, clusterId)
        .setIdleTimeout(IDLE_TIMEOUT_MILLIS)
        .putHeader(MESSAGE_HEADER, Base64.getEncoder().encodeToString(message.toBytes()))
        .putHeader(SHA256_HEADER, file.sha256Hex())
        .putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(file.sizeBytes()));
    return vertx.fileSystem().open(file.path().toString(), new OpenOptions().setRead(true))
        .compose(body -> client.request(options)
            .compose(request -> request.send(body))
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
