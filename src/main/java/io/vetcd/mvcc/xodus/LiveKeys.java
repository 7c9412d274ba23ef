package io.vetcd.mvcc.xodus;

import java.util.Arrays;
import jetbrains.exodus.ByteIterable;
import jetbrains.exodus.env.Cursor;
import jetbrains.exodus.env.Store;
import jetbrains.exodus.env.Transaction;

/**
 * The keys that exist at the current revision, and how many lie in any range, inside one Xodus
 * transaction. etcd's Range answers the count of every key in its range even with a limit; a
 * walk over a million keys costs hundreds of milliseconds of CPU even with the whole store
 * cached, so the live keys are cut into buckets of consecutive keys with their sizes kept.
 *
 * <p>The bucket store maps a fence (an encoded key, live or not any more) to the number of live
 * keys from it up to the next fence. The first fence, {@link #FIRST_FENCE}, sorts before every
 * encoded key and is never removed. A bucket is halved when it outgrows {@link #MAX_BUCKET} and
 * merged into the one before it when it shrinks below {@link #MIN_BUCKET}, so a count walks at
 * most two buckets' keys plus one number per bucket between them. Both stores change in the
 * transaction that changes the key, so a count always matches the revision it is read at.
 */
final class LiveKeys {
  static final int MAX_BUCKET = 1024;
  static final int MIN_BUCKET = 64;
  /** Sorts before every encoding: an encoding is at least {@code 00 01} (the empty key). */
  private static final byte[] FIRST_FENCE = {0};

  private final Transaction txn;
  private final Store live;
  private final Store buckets;

  LiveKeys(Transaction txn, Store live, Store buckets) {
    this.txn = txn;
    this.live = live;
    this.buckets = buckets;
  }

  boolean contains(byte[] encodedKey) {
    return live.get(txn, XodusKvView.iterable(encodedKey)) != null;
  }

  /** Records that the key exists; a key already live changes nothing. */
  void add(byte[] encodedKey) {
    if (!live.add(txn, XodusKvView.iterable(encodedKey), ByteIterable.EMPTY)) {
      return;
    }
    Bucket bucket = bucketOf(encodedKey);
    store(bucket.fence(), bucket.size() + 1);
  }

  /** Records that the key no longer exists; a key not live changes nothing. */
  void remove(byte[] encodedKey) {
    if (!live.delete(txn, XodusKvView.iterable(encodedKey))) {
      return;
    }
    Bucket bucket = bucketOf(encodedKey);
    long size = bucket.size() - 1;
    if (size >= MIN_BUCKET || Arrays.equals(bucket.fence(), FIRST_FENCE)) {
      store(bucket.fence(), size);
      return;
    }
    buckets.delete(txn, XodusKvView.iterable(bucket.fence()));
    Bucket before = bucketOf(bucket.fence());
    store(before.fence(), before.size() + size);
  }

  /** Live keys in [encodedStart, encodedEnd); a null end means no end. */
  long count(byte[] encodedStart, byte[] encodedEnd) {
    try (Cursor fences = buckets.openCursor(txn)) {
      seekFloor(fences, encodedStart);
      if (!fences.getNext() || endsBefore(fences.getKey(), encodedEnd)) {
        return walk(encodedStart, encodedEnd); // the range lies in one bucket
      }
      long count = walk(encodedStart, bytes(fences.getKey()));
      while (true) {
        byte[] fence = bytes(fences.getKey());
        long size = sizeOf(fences.getValue());
        if (!fences.getNext() || endsBefore(fences.getKey(), encodedEnd)) {
          // The last bucket the range reaches: whole without an end, else walked up to the end.
          return count + (encodedEnd == null ? size : walk(fence, encodedEnd));
        }
        count += size;
      }
    }
  }

  /** Fills the empty bucket store from the live keys. */
  void rebuildBuckets() {
    byte[] fence = FIRST_FENCE;
    long size = 0;
    try (Cursor keys = live.openCursor(txn)) {
      while (keys.getNext()) {
        if (size == MAX_BUCKET / 2) {
          store(fence, size);
          fence = bytes(keys.getKey());
          size = 0;
        }
        size++;
      }
    }
    store(fence, size);
  }

  /** Writes a bucket's size, halving it first if it outgrew the maximum. */
  private void store(byte[] fence, long size) {
    if (size <= MAX_BUCKET) {
      buckets.put(txn, XodusKvView.iterable(fence), XodusKvView.iterable(KeyCodec.longBytes(size)));
      return;
    }
    long firstHalf = size / 2;
    try (Cursor keys = live.openCursor(txn)) {
      keys.getSearchKeyRange(XodusKvView.iterable(fence));
      for (long i = 0; i < firstHalf; i++) {
        keys.getNext();
      }
      store(fence, firstHalf);
      store(bytes(keys.getKey()), size - firstHalf);
    }
  }

  /** The bucket that holds (or would hold) the key. */
  private Bucket bucketOf(byte[] encodedKey) {
    try (Cursor fences = buckets.openCursor(txn)) {
      seekFloor(fences, encodedKey);
      return new Bucket(bytes(fences.getKey()), sizeOf(fences.getValue()));
    }
  }

  /** Moves to the last fence at or before the key (there is always one: the first fence). */
  private static void seekFloor(Cursor fences, byte[] encodedKey) {
    if (fences.getSearchKeyRange(XodusKvView.iterable(encodedKey)) == null) {
      fences.getLast();
    } else if (compare(fences.getKey(), encodedKey) > 0) {
      fences.getPrev();
    }
  }

  /** Counts the live keys in [from, to) one by one; a null {@code to} means no end. */
  private long walk(byte[] from, byte[] to) {
    long count = 0;
    try (Cursor keys = live.openCursor(txn)) {
      boolean found = keys.getSearchKeyRange(XodusKvView.iterable(from)) != null;
      while (found && !endsBefore(keys.getKey(), to)) {
        count++;
        found = keys.getNext();
      }
    }
    return count;
  }

  /** Whether {@code key} is at or past {@code end}; nothing is past a null end. */
  private static boolean endsBefore(ByteIterable key, byte[] end) {
    return end != null && compare(key, end) >= 0;
  }

  private static int compare(ByteIterable key, byte[] other) {
    return Arrays.compareUnsigned(key.getBytesUnsafe(), 0, key.getLength(), other, 0, other.length);
  }

  private static byte[] bytes(ByteIterable key) {
    return Arrays.copyOf(key.getBytesUnsafe(), key.getLength());
  }

  private static long sizeOf(ByteIterable value) {
    return KeyCodec.getLong(value.getBytesUnsafe(), 0);
  }

  private record Bucket(byte[] fence, long size) {}
}
