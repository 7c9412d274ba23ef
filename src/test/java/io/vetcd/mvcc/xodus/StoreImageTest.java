package io.vetcd.mvcc.xodus;

import static io.vetcd.mvcc.Requests.get;
import static io.vetcd.mvcc.Requests.internal;
import static io.vetcd.mvcc.Requests.put;
import static io.vetcd.mvcc.Requests.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vetcd.mvcc.CommittedEntry;
import io.vetcd.mvcc.StoreImage;
import io.vetcd.proto.etcdserverpb.RangeResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store image taken while the store keeps applying is the store at the image's applied index,
 * and installing it, or finishing the install at the next start, gives a follower that store.
 */
class StoreImageTest {
  @TempDir Path leaderDir;
  @TempDir Path followerDir;

  private static void putAll(XodusMvccStore store, long fromIndex, int count, String value) {
    List<CommittedEntry> entries = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long index = fromIndex + i;
      entries.add(new CommittedEntry(index, 2, internal(index, put("k" + (i % 50), value + i))));
    }
    store.apply(entries);
  }

  private static void writeImage(StoreImage image, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      image.writeTo((bytes, length) -> {
        try {
          out.write(bytes, 0, length);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } finally {
      image.close();
    }
  }

  @Test
  void anImageIsTheStoreAtItsIndexEvenWhileTheStoreMovesOn() throws IOException {
    Path snap = followerDir.resolve("snap");
    Files.createDirectories(snap);
    RangeResponse atImage;
    long imageIndex;
    try (XodusMvccStore leader = new XodusMvccStore(leaderDir.resolve("db"))) {
      putAll(leader, 1, 300, "a");
      atImage = leader.range(range("k", "l"));
      StoreImage image = leader.image();
      imageIndex = image.appliedIndex();
      putAll(leader, 301, 300, "b"); // applied after the image: not in it
      writeImage(image, leaderDir.resolve("image"));
    }
    assertEquals(300, imageIndex);
    try (XodusMvccStore follower = new XodusMvccStore(followerDir.resolve("db"), snap, 0)) {
      putAll(follower, 1, 10, "old");
      Files.copy(leaderDir.resolve("image"), snap.resolve(StoreImage.fileName(imageIndex)));
      follower.install(imageIndex);
      assertEquals(300, follower.appliedIndex());
      assertEquals(atImage, follower.range(range("k", "l")));
      assertEquals(atImage.getHeader().getRevision(), follower.currentRevision());
      putAll(follower, 301, 1, "next"); // and it goes on applying from there
      assertEquals(301, follower.appliedIndex());
      // on the image's history of k0, not on what the follower had written before
      var before = atImage.getKvsList().stream().filter(kv -> kv.getKey().toStringUtf8().equals("k0"))
          .findFirst().orElseThrow();
      var after = follower.range(get("k0")).getKvs(0);
      assertEquals(List.of(before.getCreateRevision(), before.getVersion() + 1),
          List.of(after.getCreateRevision(), after.getVersion()));
    }
    assertFalse(Files.exists(snap.resolve(StoreImage.fileName(imageIndex))), "image discarded");
  }

  @Test
  void aRestartFinishesTheInstallThatTheWalMarkerPromisedAndDropsOthers() throws IOException {
    // A transfer cut short is kept for its sender to resume, whatever the start does.
    String partial = StoreImage.partialTransferName("ab".repeat(32));
    Path snap = followerDir.resolve("snap");
    Files.createDirectories(snap);
    RangeResponse atImage;
    try (XodusMvccStore leader = new XodusMvccStore(leaderDir.resolve("db"))) {
      putAll(leader, 1, 120, "a");
      atImage = leader.range(range("k", "l"));
      writeImage(leader.image(), followerDir.resolve("kept.snap"));
    }
    try (XodusMvccStore follower = new XodusMvccStore(followerDir.resolve("db"), snap, 0)) {
      putAll(follower, 1, 10, "old");
    }
    // No marker for the image (the member stopped before writing it): the old store stays.
    Files.copy(followerDir.resolve("kept.snap"), snap.resolve(StoreImage.fileName(120)));
    Files.write(snap.resolve(partial), new byte[] {1, 2, 3});
    try (XodusMvccStore follower = new XodusMvccStore(followerDir.resolve("db"), snap, 0)) {
      assertEquals(10, follower.appliedIndex());
    }
    assertEquals(List.of(partial), listed(snap));
    // The marker was written, then the member stopped: the image is swapped in at start.
    Files.copy(followerDir.resolve("kept.snap"), snap.resolve(StoreImage.fileName(120)));
    try (XodusMvccStore follower = new XodusMvccStore(followerDir.resolve("db"), snap, 120)) {
      assertEquals(120, follower.appliedIndex());
      assertEquals(atImage, follower.range(range("k", "l")));
    }
    assertEquals(List.of(partial), listed(snap));
  }

  @Test
  void aTruncatedImageIsRefusedAndTheStoreIsKept() throws IOException {
    Path snap = followerDir.resolve("snap");
    Files.createDirectories(snap);
    Path file = leaderDir.resolve("image");
    try (XodusMvccStore leader = new XodusMvccStore(leaderDir.resolve("db"))) {
      putAll(leader, 1, 100, "a");
      writeImage(leader.image(), file);
    }
    try (XodusMvccStore follower = new XodusMvccStore(followerDir.resolve("db"), snap, 0)) {
      putAll(follower, 1, 10, "old");
      byte[] bytes = Files.readAllBytes(file);
      Files.write(snap.resolve(StoreImage.fileName(100)), Arrays.copyOf(bytes, bytes.length / 2));
      assertThrows(UncheckedIOException.class, () -> follower.install(100));
      assertEquals(10, follower.appliedIndex());
      assertEquals(10, follower.range(range("k", "l")).getCount());
    }
  }

  private static List<String> listed(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }
}
