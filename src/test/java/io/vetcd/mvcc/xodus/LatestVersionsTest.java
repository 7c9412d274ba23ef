package io.vetcd.mvcc.xodus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vetcd.mvcc.KeyVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LatestVersionsTest {
  private static final KeyVersion V1 = new KeyVersion(5, 1, 0);
  private static final KeyVersion V2 = new KeyVersion(5, 2, 7);

  private static byte[] key(String name) {
    return KeyCodec.encodeKey(name.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aBatchSeesItsOwnWritesAndLaterBatchesOnlyCommittedOnes() {
    LatestVersions latest = new LatestVersions(10);
    LatestVersions.Batch first = latest.batch();
    first.put(key("a"), V1);
    assertEquals(V1, first.get(key("a")));
    first.committed();

    LatestVersions.Batch aborted = latest.batch();
    aborted.put(key("a"), V2);
    aborted.put(key("b"), LatestVersions.DELETED);
    assertEquals(V2, aborted.get(key("a")));

    LatestVersions.Batch next = latest.batch();
    assertEquals(V1, next.get(key("a")));
    assertNull(next.get(key("b")));
  }

  @Test
  void theLeastRecentlyUsedKeyGoesFirstAndClearForgetsAll() {
    LatestVersions latest = new LatestVersions(2);
    LatestVersions.Batch batch = latest.batch();
    batch.put(key("a"), V1);
    batch.put(key("b"), V1);
    batch.committed();
    LatestVersions.Batch reader = latest.batch();
    reader.get(key("a")); // b is now the least recently used
    reader.put(key("c"), V2);
    reader.committed();
    LatestVersions.Batch after = latest.batch();
    assertEquals(V1, after.get(key("a")));
    assertNull(after.get(key("b")));
    assertEquals(V2, after.get(key("c")));
    latest.clear();
    assertNull(latest.batch().get(key("a")));
  }

  @Test
  void uncachedKeepsNothing() {
    LatestVersions.UNCACHED.put(key("a"), V1);
    LatestVersions.UNCACHED.committed();
    assertNull(LatestVersions.UNCACHED.get(key("a")));
  }
}
