package io.vetcd.mvcc.xodus;

import io.vetcd.mvcc.StoreImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Puts a received image in place of the store's directory so that a kill -9 at any moment leaves
 * a store that is right for the WAL at the next start:
 * <ol>
 *   <li>the peer transport leaves the checksummed image as {@code snap/<index>.snap};
 *   <li>the Raft driver writes the WAL's snapshot marker for {@code index} (the commit point);
 *   <li>the image is unpacked into {@code snap/<index>.db.part}, fsynced, and renamed to
 *       {@code snap/<index>.db} (one atomic rename);
 *   <li>the old store's directory is deleted and {@code snap/<index>.db} is renamed in its place;
 *   <li>the image file is deleted.
 * </ol>
 * At start, {@link #recover} finishes steps 3 to 5 when the WAL's marker names an image still in
 * {@code snap/}: before the marker the old store is right (and the image is dropped), after it the
 * new one. Every step may run again after a crash in it, which is what makes the order safe.
 */
final class ImageInstall {
  private ImageInstall() {}

  /** At start: finishes the swap of the image the WAL's snapshot marker names, if one is left. */
  static void recover(Path dir, Path snapDir, long walSnapshotIndex) {
    if (!Files.isDirectory(snapDir)) {
      return;
    }
    if (walSnapshotIndex > 0) {
      Path unpacked = snapDir.resolve(unpackedName(walSnapshotIndex));
      if (Files.isDirectory(unpacked)) {
        swapIn(dir, unpacked);
      } else if (Files.exists(snapDir.resolve(StoreImage.fileName(walSnapshotIndex)))) {
        swapIn(dir, unpack(snapDir, walSnapshotIndex));
      }
    }
    // Images received but never marked in the WAL, and half-unpacked ones: the store in place
    // is the right one for this WAL. A transfer cut short is kept, for its sender to resume.
    try (Stream<Path> leftovers = Files.list(snapDir)) {
      leftovers.filter(p -> !StoreImage.isPartialTransfer(p.getFileName().toString()))
          .forEach(ImageInstall::deleteTree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Step 3: the unpacked, durable directory of the image for {@code index}. */
  static Path unpack(Path snapDir, long index) {
    Path unpacked = snapDir.resolve(unpackedName(index));
    Path partial = snapDir.resolve(unpackedName(index) + ".part");
    try {
      deleteTree(partial);
      ImageArchive.unpack(snapDir.resolve(StoreImage.fileName(index)), partial);
      Files.move(partial, unpacked, StandardCopyOption.ATOMIC_MOVE);
      ImageArchive.fsync(snapDir);
      return unpacked;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Step 4 (the store's environment is closed). */
  static void swapIn(Path dir, Path unpacked) {
    try {
      deleteTree(dir);
      Files.move(unpacked, dir, StandardCopyOption.ATOMIC_MOVE);
      ImageArchive.fsync(dir.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Step 5. */
  static void discard(Path snapDir, long index) {
    deleteTree(snapDir.resolve(StoreImage.fileName(index)));
  }

  private static String unpackedName(long index) {
    return String.format("%016x.db", index);
  }

  private static void deleteTree(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
