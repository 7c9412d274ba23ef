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
    MessageDigest digest = newDigest();
    long size = 0;
    byte[] buffer = new byte[64 * 1024];
    try (var in = Files.newInputStream(path)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
        size += n;
      }
    }
    String actual = HexFormat.of().formatHex(digest.digest());
    if (!actual.equalsIgnoreCase(expectedSha256)) {
      throw new IOException("snapshot checksum mismatch: sha256 " + actual + ", the sender's "
          + expectedSha256);
    }
    fsync(path);
    return new ImageFile(path, size, actual);
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
