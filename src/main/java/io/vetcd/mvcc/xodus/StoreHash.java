package io.vetcd.mvcc.xodus;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.vetcd.mvcc.KeyRange;
import io.vetcd.proto.mvccpb.KeyValue;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;
import jetbrains.exodus.ByteIterable;
import jetbrains.exodus.env.Cursor;
import jetbrains.exodus.env.Transaction;

/**
 * etcd's HashByRev over the change log of one transaction: the change log is etcd's key bucket
 * in the same order (main, sub), so walking it and writing each version as etcd stores it gives
 * etcd's hash. A version at or below the compacted revision counts only if it is its key's live
 * version at the hashed revision, which is what etcd's keyIndex.keep leaves; like etcd, when no
 * key is live at that revision every stored version counts.
 */
final class StoreHash {
  private static final byte[] KEY_BUCKET = "key".getBytes(StandardCharsets.US_ASCII);
  private static final byte TOMBSTONE_MARK = 't';
  private static final KeyRange ALL_KEYS =
      KeyRange.of(ByteString.EMPTY, ByteString.copyFrom(new byte[] {0}));

  private final Transaction txn;
  private final XodusStores stores;

  StoreHash(Transaction txn, XodusStores stores) {
    this.txn = txn;
    this.stores = stores;
  }

  long at(long revision, long compactedRevision) {
    boolean anyLive = XodusKvView.reading(txn, stores).count(ALL_KEYS, revision) > 0;
    CRC32C crc = new CRC32C();
    crc.update(KEY_BUCKET);
    try (Cursor cursor = stores.revisions().openCursor(txn)) {
      for (boolean more = cursor.getNext(); more; more = cursor.getNext()) {
        byte[] revisionKey = cursor.getKey().getBytesUnsafe();
        long main = KeyCodec.revisionMain(revisionKey);
        if (main > revision) {
          break;
        }
        long sub = KeyCodec.revisionSub(revisionKey);
        ByteIterable value = cursor.getValue();
        ChangeRecord change = ChangeRecord.decode(value.getBytesUnsafe(), value.getLength());
        byte[] encodedKey = KeyCodec.encodeKey(change.key());
        if (main <= compactedRevision && anyLive
            && (change.tombstone() || !isNewest(encodedKey, main, sub, revision))) {
          continue;
        }
        crc.update(bucketKey(main, sub, change.tombstone()));
        crc.update(bucketValue(change, encodedKey, main, sub));
      }
    }
    return crc.getValue();
  }

  /** Whether (main, sub) is the key's newest version at or below {@code revision}. */
  private boolean isNewest(byte[] encodedKey, long main, long sub, long revision) {
    try (Cursor cursor = stores.keys().openCursor(txn)) {
      // (main, sub) itself is at or below the revision, so the first version found is this key's.
      cursor.getSearchKeyRange(XodusKvView.iterable(KeyCodec.seekAt(encodedKey, revision)));
      ByteIterable newest = cursor.getKey();
      return KeyCodec.versionMain(newest.getBytesUnsafe(), newest.getLength()) == main
          && KeyCodec.versionSub(newest.getBytesUnsafe(), newest.getLength()) == sub;
    }
  }

  /** etcd's revToBytes: main big endian, '_', sub big endian, and 't' after a tombstone's. */
  private static byte[] bucketKey(long main, long sub, boolean tombstone) {
    byte[] key = new byte[tombstone ? 18 : 17];
    byte[] mainBytes = KeyCodec.longBytes(main);
    byte[] subBytes = KeyCodec.longBytes(sub);
    System.arraycopy(mainBytes, 0, key, 0, 8);
    key[8] = '_';
    System.arraycopy(subBytes, 0, key, 9, 8);
    if (tombstone) {
      key[17] = TOMBSTONE_MARK;
    }
    return key;
  }

  /**
   * The KeyValue as etcd marshals it into the bucket: a tombstone holds only the key. protobuf-java
   * writes fields in number order and leaves zero values out, as gogoproto's Marshal does.
   */
  private byte[] bucketValue(ChangeRecord change, byte[] encodedKey, long main, long sub) {
    KeyValue.Builder kv = KeyValue.newBuilder();
    if (!change.tombstone()) {
      ByteIterable stored = stores.keys().get(txn,
          XodusKvView.iterable(KeyCodec.versionKey(encodedKey, main, sub)));
      try {
        kv.mergeFrom(stored.getBytesUnsafe(), 0, stored.getLength());
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("corrupt key-value record", e);
      }
    }
    return kv.setKey(ByteString.copyFrom(change.key())).build().toByteArray();
  }
}
