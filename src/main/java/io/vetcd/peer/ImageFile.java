package io.vetcd.peer;

import io.vetcd.mvcc.StoreImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A store image as a file on one side of a transfer, with the SHA-256 of its bytes (etcd appends
 * one to the snapshot database it sends). Blocking: worker threads only.
 */
record ImageFile(Path path, long sizeBytes, String sha256Hex) {

  /** Writes {@code image} to {@code path} and closes the image (the store may reclaim space). */
  static ImageFile write(StoreImage image, Path path) throws IOException {
    MessageDigest digest = newDigest();
    long[] size = {0};
    try (OutputStream out = Files.newOutputStream(path)) {
      image.writeTo((bytes, length) -> {
        try {
          out.write(bytes, 0, length);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        digest.update(bytes, 0, length);
        size[0] += length;
      });
    } finally {
      image.close();
    }
    return new ImageFile(path, size[0], HexFormat.of().formatHex(digest.digest()));
  }

  /**
   * The received file {@code path} if its bytes have the {@code expectedSha256}, made durable;
   * throws otherwise.
   */
  static ImageFile verified(Path path, String expectedSha256) throws IOException {
    ImageFile received = prefix(path, Long.MAX_VALUE);
    if (!received.sha256Hex.equalsIgnoreCase(expectedSha256)) {
      throw new IOException("snapshot checksum mismatch: sha256 " + received.sha256Hex
          + ", the sender's " + expectedSha256);
    }
    fsync(path);
    return received;
  }

  /** What a receiver holds of a transfer cut short: all of {@code path}, none if it is absent. */
  static ImageFile held(Path path) throws IOException {
    return Files.exists(path) ? prefix(path, Long.MAX_VALUE) : prefix(null, 0);
  }

  /** Whether this file begins with the bytes {@code held} describes (same length, same hash). */
  boolean startsWith(ImageFile held) throws IOException {
    return held.sizeBytes <= sizeBytes
        && prefix(path, held.sizeBytes).sha256Hex.equalsIgnoreCase(held.sha256Hex);
  }

  /** The first {@code limit} bytes of {@code path} (fewer if it is shorter), with their hash. */
  private static ImageFile prefix(Path path, long limit) throws IOException {
    MessageDigest digest = newDigest();
    long size = 0;
    if (limit > 0) {
      byte[] buffer = new byte[64 * 1024];
      try (var in = Files.newInputStream(path)) {
        for (int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - size)); n > 0;
            n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - size))) {
          digest.update(buffer, 0, n);
          size += n;
        }
      }
    }
    return new ImageFile(path, size, HexFormat.of().formatHex(digest.digest()));
  }

  /** Renames the file into place in one step, durably. */
  ImageFile moveTo(Path target) throws IOException {
    Files.move(path, target, StandardCopyOption.ATOMIC_MOVE);
    fsync(target.getParent());
    return new ImageFile(target, sizeBytes, sha256Hex);
  }

  private static void fsync(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }
}
