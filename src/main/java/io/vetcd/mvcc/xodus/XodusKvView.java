package io.vetcd.mvcc.xodus;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import com.google.protobuf.InvalidProtocolBufferException;
import io.vetcd.mvcc.KeyRange;
import io.vetcd.mvcc.KeyVersion;
import io.vetcd.mvcc.KvWriteView;
import io.vetcd.mvcc.Revision;
import io.vetcd.proto.mvccpb.Event;
import io.vetcd.proto.mvccpb.KeyValue;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import jetbrains.exodus.ArrayByteIterable;
import jetbrains.exodus.ByteIterable;
import jetbrains.exodus.env.Cursor;
import jetbrains.exodus.env.Transaction;

/**
 * The key history inside one Xodus transaction. The key store maps a version key (see
 * {@link KeyCodec}) to the KeyValue without its key, or to nothing for a tombstone; the revision
 * store maps (main, sub) to a {@link ChangeRecord}, the change log in revision order.
 */
final class XodusKvView implements KvWriteView {
  /** Older versions of a key stepped over before seeking past them instead. */
  private static final int STEPS_BEFORE_SEEK = 3;
  private final Transaction txn;
  private final XodusStores stores;
  private final LiveKeys liveKeys;
  /** The revision the live-key store shows in this transaction, or -1 if it may be ahead. */
  private final long liveRevision;
  private final LatestVersions.Batch latest;
  /** Every write through this view as a watch event, in revision order; null for a reading view. */
  private final List<Event> written;
  /** The newest revision written through this view, or the store's current one before that. */
  private long newestRevision;

  private XodusKvView(Transaction txn, XodusStores stores, long liveRevision,
      long newestRevision, LatestVersions.Batch latest, List<Event> written) {
    this.txn = txn;
    this.stores = stores;
    this.liveKeys = new LiveKeys(txn, stores.live(), stores.liveBuckets());
    this.liveRevision = liveRevision;
    this.newestRevision = newestRevision;
    this.latest = latest;
    this.written = written;
  }

  /** A view for reads: the live keys match the revision stored with them. */
  static XodusKvView reading(Transaction txn, XodusStores stores) {
    long current = Meta.CURRENT_REVISION.read(stores.meta(), txn);
    return new XodusKvView(txn, stores, current, current, LatestVersions.UNCACHED, null);
  }

  /**
   * A view for the apply loop: its puts move the live keys ahead of the stored revision, which
   * is written at the end of the batch, so counts walk the key history. Its writes go to
   * {@code latest} too, which it asks first for a key's newest version, and to {@code written} as
   * the watch events the change log will give for them.
   */
  static XodusKvView writing(Transaction txn, XodusStores stores, long currentRevision,
      LatestVersions.Batch latest, List<Event> written) {
    return new XodusKvView(txn, stores, -1, currentRevision, latest, written);
  }

  @Override
  public void scan(KeyRange range, long atRevision, Predicate<KeyValue> visitor) {
    walk(range, atRevision, (encodedKey, value) -> value.getLength() == 0
        || visitor.test(decodeValue(encodedKey, value)));
  }

  @Override
  public long count(KeyRange range, long atRevision) {
    return atRevision == liveRevision ? countLive(range) : countVersions(range, atRevision);
  }

  private long countLive(KeyRange range) {
    byte[] encodedStart = KeyCodec.encodeKey(range.start());
    if (range.isSingleKey()) {
      return liveKeys.contains(encodedStart) ? 1 : 0;
    }
    byte[] end = range.exclusiveEnd();
    return liveKeys.count(encodedStart, end == null ? null : KeyCodec.encodeKey(end));
  }

  private long countVersions(KeyRange range, long atRevision) {
    long[] count = {0};
    walk(range, atRevision, (encodedKey, value) -> {
      if (value.getLength() > 0) {
        count[0]++;
      }
      return true;
    });
    return count[0];
  }

  @Override
  public void put(KeyValue kv, Revision revision) {
    byte[] encodedKey = KeyCodec.encodeKey(kv.getKey().toByteArray());
    byte[] value = kv.toBuilder().clearKey().build().toByteArray();
    stores.keys().put(txn, iterable(KeyCodec.versionKey(encodedKey, revision.main(), revision.sub())),
        iterable(value));
    if (kv.getVersion() == 1) { // created (or created again after a delete)
      liveKeys.add(encodedKey);
    }
    newestRevision = revision.main();
    latest.put(encodedKey, new KeyVersion(kv.getCreateRevision(), kv.getVersion(), kv.getLease()));
    stores.revisions().put(txn, iterable(KeyCodec.revisionKey(revision.main(), revision.sub())),
        iterable(ChangeRecord.put(kv.getKey())));
    written.add(ChangeLogReader.putEvent(kv));
  }

  @Override
  public void tombstone(ByteString key, Revision revision) {
    byte[] encodedKey = KeyCodec.encodeKey(key.toByteArray());
    stores.keys().put(txn, iterable(KeyCodec.versionKey(encodedKey, revision.main(), revision.sub())),
        ByteIterable.EMPTY);
    liveKeys.remove(encodedKey);
    newestRevision = revision.main();
    latest.put(encodedKey, LatestVersions.DELETED);
    stores.revisions().put(txn, iterable(KeyCodec.revisionKey(revision.main(), revision.sub())),
        iterable(ChangeRecord.tombstone(key)));
    written.add(ChangeLogReader.deleteEvent(key, revision.main()));
  }

  /**
   * {@inheritDoc} At the newest revision, the cache of newest versions answers when it knows the
   * key: the apply loop asks there before each put.
   */
  @Override
  public KeyVersion version(byte[] key, long atRevision) {
    if (atRevision >= newestRevision) {
      KeyVersion cached = latest.get(KeyCodec.encodeKey(key));
      if (cached != null) {
        return cached == LatestVersions.DELETED ? null : cached;
      }
    }
    KeyVersion[] found = new KeyVersion[1];
    walk(KeyRange.single(key), atRevision, (encodedKey, value) -> {
      if (value.getLength() > 0) {
        found[0] = decodeVersion(value);
      }
      return false;
    });
    return found[0];
  }

  /** Reads the three numbers a put needs and skips the rest, the value above all. */
  private static KeyVersion decodeVersion(ByteIterable value) {
    try {
      CodedInputStream in = CodedInputStream.newInstance(value.getBytesUnsafe(), 0, value.getLength());
      long createRevision = 0;
      long version = 0;
      long lease = 0;
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        switch (WireFormat.getTagFieldNumber(tag)) {
          case KeyValue.CREATE_REVISION_FIELD_NUMBER -> createRevision = in.readInt64();
          case KeyValue.VERSION_FIELD_NUMBER -> version = in.readInt64();
          case KeyValue.LEASE_FIELD_NUMBER -> lease = in.readInt64();
          default -> in.skipField(tag);
        }
      }
      return new KeyVersion(createRevision, version, lease);
    } catch (IOException e) {
      throw new IllegalStateException("corrupt key-value record", e);
    }
  }

  /**
   * Fills the empty live-key store with the keys that exist at {@code currentRevision}; its
   * buckets are rebuilt after it.
   */
  void rebuildLiveKeys(long currentRevision) {
    walk(KeyRange.of(ByteString.EMPTY, ByteString.copyFrom(new byte[] {0})), currentRevision,
        (encodedKey, value) -> {
          if (value.getLength() > 0) {
            stores.live().put(txn, iterable(encodedKey), ByteIterable.EMPTY);
          }
          return true;
        });
  }

  /** Sees one entry: the encoded user key and the stored value (empty for a tombstone). */
  private interface VersionVisitor {
    boolean visit(byte[] encodedKey, ByteIterable value);
  }

  /**
   * Visits, per key of the range, the newest version at or below {@code atRevision} (tombstones
   * included), seeking past the other versions instead of reading them.
   */
  private void walk(KeyRange range, long atRevision, VersionVisitor visitor) {
    byte[] encodedStart = KeyCodec.encodeKey(range.start());
    byte[] end = range.exclusiveEnd();
    byte[] encodedEnd = end == null ? null : KeyCodec.encodeKey(end);
    try (Cursor cursor = stores.keys().openCursor(txn)) {
      ByteIterable found = cursor.getSearchKeyRange(iterable(KeyCodec.seekAt(encodedStart, atRevision)));
      while (found != null) {
        ByteIterable entry = cursor.getKey();
        byte[] bytes = entry.getBytesUnsafe();
        int length = entry.getLength();
        int keyLength = length - KeyCodec.REVISION_BYTES;
        if (range.isSingleKey()
            ? !Arrays.equals(bytes, 0, keyLength, encodedStart, 0, encodedStart.length)
            : encodedEnd != null
                && Arrays.compareUnsigned(bytes, 0, length, encodedEnd, 0, encodedEnd.length) >= 0) {
          return;
        }
        byte[] encodedKey = Arrays.copyOf(bytes, keyLength);
        if (KeyCodec.versionMain(bytes, length) > atRevision) {
          // Landed on a newer version of a following key: jump to its version at atRevision.
          found = cursor.getSearchKeyRange(iterable(KeyCodec.seekAt(encodedKey, atRevision)));
          continue;
        }
        if (!visitor.visit(encodedKey, found)) {
          return;
        }
        found = nextKey(cursor, encodedKey);
      }
    }
  }

  /**
   * Moves to the first entry of the key after {@code encodedKey}. Most keys keep few versions, so
   * stepping is tried first; a key with a long history is skipped with a seek.
   */
  private static ByteIterable nextKey(Cursor cursor, byte[] encodedKey) {
    for (int i = 0; i < STEPS_BEFORE_SEEK; i++) {
      if (!cursor.getNext()) {
        return null;
      }
      ByteIterable entry = cursor.getKey();
      if (entry.getLength() != encodedKey.length + KeyCodec.REVISION_BYTES
          || !Arrays.equals(entry.getBytesUnsafe(), 0, encodedKey.length, encodedKey, 0, encodedKey.length)) {
        return cursor.getValue();
      }
    }
    return cursor.getSearchKeyRange(iterable(KeyCodec.afterAllVersions(encodedKey)));
  }

  private static KeyValue decodeValue(byte[] encodedKey, ByteIterable value) {
    try {
      return KeyValue.newBuilder()
          .mergeFrom(value.getBytesUnsafe(), 0, value.getLength())
          .setKey(ByteString.copyFrom(KeyCodec.decodeKey(encodedKey, encodedKey.length)))
          .build();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt key-value record", e);
    }
  }

  static ArrayByteIterable iterable(byte[] bytes) {
    return new ArrayByteIterable(bytes);
  }
}
