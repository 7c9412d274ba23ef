package io.vetcd.mvcc.xodus;

import io.vetcd.mvcc.StoreImage.ByteSink;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The byte layout of a store image: each file of the environment as
 * {@code name length (2 bytes) | name (UTF-8) | size (8) | content}, big endian, then a name
 * length of 0. The transport checksums the whole; this layout only has to be read back.
 */
final class ImageArchive {
  /** Xodus names its files with a few characters ("00000000000.xd"); anything longer is damage. */
  private static final int NAME_BYTES_MAX = 255;

  private ImageArchive() {}

  static void writeHeader(ByteSink sink, String name, long size) {
    byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
    if (utf8.length == 0 || utf8.length > NAME_BYTES_MAX) {
      throw new IllegalArgumentException("unexpected store file name: " + name);
    }
    ByteBuffer header = ByteBuffer.allocate(2 + utf8.length + 8);
    header.putShort((short) utf8.length).put(utf8).putLong(size);
    sink.write(header.array(), header.capacity());
  }

  static void writeEnd(ByteSink sink) {
    sink.write(new byte[2], 2);
  }

  /**
   * Writes the files of {@code archive} into the new directory {@code dir} and makes them
   * durable (each file and the directory are fsynced).
   */
  static void unpack(Path archive, Path dir) throws IOException {
    Files.createDirectories(dir);
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(
        Files.newInputStream(archive)))) {
      for (int nameBytes = in.readUnsignedShort(); nameBytes > 0;
          nameBytes = in.readUnsignedShort()) {
        if (nameBytes > NAME_BYTES_MAX) {
          throw new IOException("malformed store image " + archive + ": name of " + nameBytes
              + " bytes");
        }
        String name = new String(in.readNBytes(nameBytes), StandardCharsets.UTF_8);
        Path file = dir.resolve(name).normalize();
        if (!dir.equals(file.getParent())) {
          throw new IOException("malformed store image " + archive + ": file name " + name);
        }
        copy(in, in.readLong(), file);
      }
    } catch (EOFException truncated) {
      throw new IOException("store image " + archive + " is truncated", truncated);
    }
    fsync(dir);
  }

  private static void copy(InputStream in, long size, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      for (long left = size; left > 0; ) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new EOFException();
        }
        out.write(buffer, 0, n);
        left -= n;
      }
    }
    fsync(file);
  }

  /** Forces a file, or a directory's entries, to disk. */
  static void fsync(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
