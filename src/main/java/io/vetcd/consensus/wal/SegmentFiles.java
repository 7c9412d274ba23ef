package io.vetcd.consensus.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** File-system steps on segment files, each durable when it returns. */
final class SegmentFiles {
  private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(1024 * 1024);

  private SegmentFiles() {}

  /** The segments in the directory, oldest first. */
  static List<SegmentName> list(Path dir) throws IOException {
    List<SegmentName> names = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SegmentName.SUFFIX)) {
      for (Path file : files) {
        SegmentName name = SegmentName.parse(file.getFileName().toString());
        if (name != null) {
          names.add(name);
        }
      }
    }
    names.sort(Comparator.comparingLong(SegmentName::sequence));
    return names;
  }

  /** Removes segments whose creation a crash interrupted; they never held an acknowledged write. */
  static void deleteUnfinished(Path dir) throws IOException {
    try (DirectoryStream<Path> files =
        Files.newDirectoryStream(dir, "*" + SegmentName.CREATING_SUFFIX)) {
      for (Path file : files) {
        Files.delete(file);
      }
    }
  }

  /**
   * Writes a zero-filled file of {@code sizeBytes} and fsyncs it, ready to become a segment.
   * Appending into blocks that already exist spares each fdatasync a size change.
   */
  static void preallocate(Path file, long sizeBytes) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      writeZeros(channel, 0, sizeBytes);
      channel.force(true);
    }
  }

  /**
   * Turns {@code file} (a preallocated file, or none yet) into segment {@code name} holding
   * {@code header}, and returns it open for appending after the header. The header is fsynced
   * before the file gets its real name, so a segment with a real name always has a whole header.
   */
  static FileChannel install(Path file, Path dir, SegmentName name, ByteBuffer header)
      throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      writeFully(channel, header, 0);
      channel.force(true);
      Files.move(file, dir.resolve(name.fileName()), StandardCopyOption.ATOMIC_MOVE);
      syncDirectory(dir);
      return channel;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  static FileChannel openForAppend(Path file) throws IOException {
    return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }

  /** Discards a torn tail: the file ends at {@code end}, zero-filled up to the preallocation. */
  static void cutTail(FileChannel channel, long end, long preallocateBytes) throws IOException {
    channel.truncate(end);
    writeZeros(channel, end, preallocateBytes);
    channel.force(true);
  }

  static ByteBuffer readFully(Path file) throws IOException {
    return ByteBuffer.wrap(Files.readAllBytes(file));
  }

  static void writeFully(FileChannel channel, ByteBuffer bytes, long position) throws IOException {
    while (bytes.hasRemaining()) {
      position += channel.write(bytes, position);
    }
  }

  /**
   * Deletes a segment durably. One at a time, oldest first: the file system may reorder
   * unsynced deletions, and a newer segment gone while an older one stays is a hole in the log.
   */
  static void delete(Path dir, SegmentName name) throws IOException {
    Files.delete(dir.resolve(name.fileName()));
    syncDirectory(dir);
  }

  /** Makes creations, renames and deletions in the directory durable. */
  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private static void writeZeros(FileChannel channel, long from, long to) throws IOException {
    for (long position = from; position < to; ) {
      ByteBuffer zeros = ZEROS.duplicate();
      zeros.limit((int) Math.min(zeros.capacity(), to - position));
      int written = channel.write(zeros, position);
      position += written;
    }
  }
}
