package io.vetcd.mvcc.xodus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyCodecTest {
  private static final byte[][] AWKWARD_KEYS = {
      {}, {0}, {0, 0}, {0, 1}, {0, (byte) 0xFF}, {1}, {'a'}, {'a', 0}, {'a', 0, 0}, {'a', 0, 1},
      {'a', 1}, {'a', (byte) 0xFF}, {'a', (byte) 0xFF, (byte) 0xFF}, {'a', 'b'}, {(byte) 0xFE},
      {(byte) 0xFF}, {(byte) 0xFF, 0}, {(byte) 0xFF, (byte) 0xFF}, {(byte) 0x7F},
  };

  @Test
  void encodingSortsLikeTheKeysUnderUnsignedOrder() {
    List<byte[]> keys = new ArrayList<>(List.of(AWKWARD_KEYS));
    Random random = new Random(7);
    for (int i = 0; i < 2000; i++) {
      byte[] key = new byte[random.nextInt(6)];
      for (int j = 0; j < key.length; j++) {
        key[j] = (byte) new int[] {0, 1, 0x61, 0x7F, 0x80, 0xFE, 0xFF}[random.nextInt(7)];
      }
      keys.add(key);
    }
    for (byte[] a : keys) {
      for (byte[] b : keys.subList(0, 60)) {
        assertEquals(Integer.signum(Arrays.compareUnsigned(a, b)),
            Integer.signum(Arrays.compareUnsigned(KeyCodec.encodeKey(a), KeyCodec.encodeKey(b))),
            () -> Arrays.toString(a) + " vs " + Arrays.toString(b));
      }
    }
  }

  @Test
  void decodingReturnsTheKey() {
    for (byte[] key : AWKWARD_KEYS) {
      byte[] encoded = KeyCodec.encodeKey(key);
      assertArrayEquals(key, KeyCodec.decodeKey(encoded, encoded.length));
    }
  }

  @Test
  void versionsOfOneKeySortNewestFirstAndBeforeTheNextKey() {
    byte[] a = KeyCodec.encodeKey(new byte[] {'a'});
    byte[] aZero = KeyCodec.encodeKey(new byte[] {'a', 0});
    byte[] newest = KeyCodec.versionKey(a, 9, 0);
    byte[] newerSub = KeyCodec.versionKey(a, 5, 3);
    byte[] olderSub = KeyCodec.versionKey(a, 5, 2);
    byte[] oldest = KeyCodec.versionKey(a, 1, 0);
    List<byte[]> ordered = List.of(newest, newerSub, olderSub, oldest,
        KeyCodec.afterAllVersions(a), KeyCodec.versionKey(aZero, Long.MAX_VALUE - 1, 0));
    for (int i = 1; i < ordered.size(); i++) {
      assertTrue(Arrays.compareUnsigned(ordered.get(i - 1), ordered.get(i)) < 0, "position " + i);
    }
  }

  @Test
  void seekAtRevisionLandsRightBeforeTheNewestVersionAtOrBelowIt() {
    byte[] a = KeyCodec.encodeKey(new byte[] {'a'});
    byte[] seek = KeyCodec.seekAt(a, 5);
    assertTrue(Arrays.compareUnsigned(KeyCodec.versionKey(a, 6, 0), seek) < 0);
    assertTrue(Arrays.compareUnsigned(seek, KeyCodec.versionKey(a, 5, 7)) <= 0);
    assertTrue(Arrays.compareUnsigned(seek, KeyCodec.versionKey(a, 5, 0)) < 0);
  }

  @Test
  void versionKeyCarriesItsRevision() {
    byte[] key = KeyCodec.versionKey(KeyCodec.encodeKey(new byte[] {(byte) 0xFF, 0}), 123456789L, 42);
    assertEquals(123456789L, KeyCodec.versionMain(key, key.length));
    assertEquals(42, KeyCodec.versionSub(key, key.length));
    byte[] revision = KeyCodec.revisionKey(1L << 40, 3);
    assertEquals(1L << 40, KeyCodec.revisionMain(revision));
    assertEquals(3, KeyCodec.revisionSub(revision));
    assertTrue(Arrays.compareUnsigned(KeyCodec.revisionKey(2, 9), KeyCodec.revisionKey(3, 0)) < 0);
  }
}
