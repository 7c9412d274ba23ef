package io.vetcd.peer;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vetcd.bus.Addresses;
import io.vetcd.consensus.RaftMessages;
import io.vetcd.mvcc.StoreImage;
import io.vetcd.raft.Message;
import io.vetcd.raft.MessageType;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The follower's side of {@link SnapshotSender}: receives the image into
 * {@code snap/incoming-<sha256>.part} ({@link StoreImage#partialTransferName}; the body is piped
 * to the file, with backpressure), checks its SHA-256, makes it durable and renames it to
 * {@link StoreImage#fileName}, where the store installs it from, and only then steps the SNAP
 * message into the Raft driver and answers 204.
 *
 * <p>The partial file outlives a transfer cut short, and a restart (the store's start leaves it):
 * it is named by the image's checksum, the sender asks what it holds ({@link #held}) and sends
 * only the rest, appended at the offset it names (a different offset is refused with 409). An
 * image that is complete but whose checksum is wrong is deleted and refused; a new image (offset
 * 0) clears the partial files of older ones. One transfer at a time: anything else is refused
 * with 503 while one runs.
 */
final class SnapshotReceiver {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotReceiver.class);

  private final Vertx vertx;
  private final WorkerExecutor worker;
  private final Path snapDir;
  private final SnapshotMetrics metrics;
  private boolean receiving;

  SnapshotReceiver(Vertx vertx, WorkerExecutor worker, Path snapDir, SnapshotMetrics metrics) {
    this.vertx = vertx;
    this.worker = worker;
    this.snapDir = snapDir;
    this.metrics = metrics;
  }

  /** Answers "length sha256" of what this member holds of the image the request names. */
  void held(HttpServerRequest request) {
    Path part = partOf(request);
    if (part == null || receiving) {
      request.response().setStatusCode(part == null ? 400 : 503)
          .end(part == null ? "no snapshot checksum\n" : "receiving a snapshot\n");
      return;
    }
    worker.executeBlocking(() -> ImageFile.held(part)).onComplete(done -> {
      if (done.succeeded()) {
        request.response().end(done.result().sizeBytes() + " " + done.result().sha256Hex() + "\n");
      } else {
        request.response().setStatusCode(500).end(done.cause().getMessage() + "\n");
      }
    });
  }

  void accept(HttpServerRequest request, long from) {
    Message message;
    long offset;
    long size;
    try {
      message = Message.fromBytes(
          Base64.getDecoder().decode(request.getHeader(SnapshotSender.MESSAGE_HEADER)));
      offset = Long.parseLong(request.getHeader(SnapshotSender.OFFSET_HEADER));
      size = Long.parseLong(request.getHeader(SnapshotSender.SIZE_HEADER));
    } catch (RuntimeException malformed) {
      request.response().setStatusCode(400).end("malformed snapshot headers\n");
      return;
    }
    Path part = partOf(request);
    if (message.type() != MessageType.SNAP || message.snapshot() == null || part == null) {
      request.response().setStatusCode(400).end("not a snapshot\n");
      return;
    }
    if (receiving) {
      request.response().setStatusCode(503).end("receiving another snapshot\n");
      return;
    }
    receiving = true;
    request.pause();
    long startedNanos = System.nanoTime();
    long index = message.snapshot().index();
    Path target = snapDir.resolve(StoreImage.fileName(index));
    worker.executeBlocking(() -> prepare(part, offset))
        .compose(v -> vertx.fileSystem().open(part.toString(),
            new OpenOptions().setWrite(true).setCreate(true).setAppend(true)))
        .compose(request::pipeTo)
        .compose(v -> worker.executeBlocking(() -> complete(part, size, request)))
        .compose(image -> worker.executeBlocking(() -> image.moveTo(target)))
        .onComplete(done -> {
          receiving = false;
          if (done.succeeded()) {
            metrics.received(from, startedNanos);
            LOG.info("received the snapshot at index {} ({} bytes, from byte {}) from member {}",
                index, done.result().sizeBytes(), offset, Long.toHexString(from));
            vertx.eventBus().send(Addresses.RAFT_STEP, new RaftMessages(List.of(message)));
            request.response().setStatusCode(204).end();
          } else {
            metrics.receiveFailed(from);
            LOG.warn("receiving the snapshot at index {} from member {} failed (the bytes received "
                + "are kept for the sender to resume): {}", index, Long.toHexString(from),
                done.cause().toString());
            if (!request.response().ended() && !request.response().closed()) {
              int status = done.cause() instanceof OffsetMismatch ? 409 : 500;
              request.response().setStatusCode(status).end(done.cause().getMessage() + "\n");
            }
          }
        });
  }

  /** The partial file of the image the request's checksum names; null when it names none. */
  private Path partOf(HttpServerRequest request) {
    String sha256 = request.getHeader(SnapshotSender.SHA256_HEADER);
    if (sha256 == null || sha256.length() != 64 || !isHex(sha256)) {
      return null;
    }
    return snapDir.resolve(StoreImage.partialTransferName(sha256.toLowerCase()));
  }

  private static boolean isHex(String text) {
    return text.chars().allMatch(HexFormat::isHexDigit);
  }

  /**
   * Checks that the sender resumes where the partial file ends; a new image (offset 0) starts
   * from an empty file and clears the partial files of other images.
   */
  private Void prepare(Path part, long offset) throws IOException {
    Files.createDirectories(snapDir);
    if (offset == 0) {
      try (DirectoryStream<Path> parts = Files.newDirectoryStream(snapDir,
          file -> StoreImage.isPartialTransfer(file.getFileName().toString()))) {
        for (Path stale : parts) {
          Files.delete(stale);
        }
      }
      return null;
    }
    long held = Files.exists(part) ? Files.size(part) : 0;
    if (held != offset) {
      throw new OffsetMismatch(held, offset);
    }
    return null;
  }

  /**
   * The image, once the partial file holds all of it and its checksum is the sender's; a
   * complete file with another checksum is deleted (the sender starts again from nothing).
   */
  private static ImageFile complete(Path part, long size, HttpServerRequest request)
      throws IOException {
    long held = Files.size(part);
    if (held < size) {
      throw new IOException("the transfer ended at byte " + held + " of " + size);
    }
    try {
      return ImageFile.verified(part, request.getHeader(SnapshotSender.SHA256_HEADER));
    } catch (IOException damaged) {
      Files.deleteIfExists(part);
      throw damaged;
    }
  }

  /** The sender resumes at another byte than the partial file ends at. */
  private static final class OffsetMismatch extends IOException {
    OffsetMismatch(long held, long offset) {
      super("holding " + held + " bytes of the snapshot, not " + offset);
    }
  }
}
