package io.vetcd.peer;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vetcd.bus.Addresses;
import io.vetcd.consensus.RaftMessages;
import io.vetcd.mvcc.StoreImage;
import io.vetcd.raft.Message;
import io.vetcd.raft.MessageType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The follower's side of {@link SnapshotSender}: receives the image into
 * {@code snap/<index>.snap.part} (the body is piped to the file, with backpressure), checks its
 * SHA-256, makes it durable and renames it to {@link StoreImage#fileName}, where the store
 * installs it from, and only then steps the SNAP message into the Raft driver and answers 204.
 * A damaged or incomplete image is deleted and refused, and the leader retries. One transfer at a
 * time: a second is refused with 503 while one runs.
 */
final class SnapshotReceiver {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotReceiver.class);

  private final Vertx vertx;
  private final WorkerExecutor worker;
  private final Path snapDir;
  private boolean receiving;

  SnapshotReceiver(Vertx vertx, WorkerExecutor worker, Path snapDir) {
    this.vertx = vertx;
    this.worker = worker;
    this.snapDir = snapDir;
  }

  void accept(HttpServerRequest request, long from) {
    Message message;
    try {
      message = Message.fromBytes(
          Base64.getDecoder().decode(request.getHeader(SnapshotSender.MESSAGE_HEADER)));
    } catch (RuntimeException malformed) {
      request.response().setStatusCode(400).end("malformed snapshot message\n");
      return;
    }
    String sha256 = request.getHeader(SnapshotSender.SHA256_HEADER);
    if (message.type() != MessageType.SNAP || message.snapshot() == null || sha256 == null) {
      request.response().setStatusCode(400).end("not a snapshot\n");
      return;
    }
    if (receiving) {
      request.response().setStatusCode(503).end("receiving another snapshot\n");
      return;
    }
    receiving = true;
    request.pause();
    long index = message.snapshot().index();
    Path target = snapDir.resolve(StoreImage.fileName(index));
    Path part = snapDir.resolve(StoreImage.fileName(index) + ".part");
    worker.executeBlocking(() -> Files.createDirectories(snapDir))
        .compose(v -> vertx.fileSystem().open(part.toString(),
            new OpenOptions().setWrite(true).setCreate(true).setTruncateExisting(true)))
        .compose(request::pipeTo)
        .compose(v -> worker.executeBlocking(() -> ImageFile.verified(part, sha256).moveTo(target)))
        .onComplete(done -> {
          receiving = false;
          if (done.succeeded()) {
            LOG.info("received the snapshot at index {} ({} bytes) from member {}", index,
                done.result().sizeBytes(), Long.toHexString(from));
            vertx.eventBus().send(Addresses.RAFT_STEP, new RaftMessages(List.of(message)));
            request.response().setStatusCode(204).end();
          } else {
            LOG.warn("refused the snapshot at index {} from member {}: {}", index,
                Long.toHexString(from), done.cause().toString());
            worker.executeBlocking(() -> Files.deleteIfExists(part));
            request.response().setStatusCode(500).end(done.cause().getMessage() + "\n");
          }
        });
  }
}
