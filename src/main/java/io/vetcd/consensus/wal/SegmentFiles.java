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
   * Creates a segment holding {@code header} and returns it open for appending after the header.
   * The file is written and fsynced under a temporary name and then renamed, so a segment with
   * its real name always has a whole header.
   */
  static FileChannel create(Path dir, SegmentName name, ByteBuffer header, long preallocateBytes)
      throws IOException {
    Path creating = dir.resolve(name.creatingFileName());
    FileChannel channel = FileChannel.open(creating, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      writeZeros(channel, 0, preallocateBytes);
      writeFully(channel, header, 0);
      channel.force(true);
      Files.move(creating, dir.resolve(name.fileName()), StandardCopyOption.ATOMIC_MOVE);
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

  static void delete(Path dir, SegmentName name) throws IOException {
    Files.delete(dir.resolve(name.fileName()));
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
