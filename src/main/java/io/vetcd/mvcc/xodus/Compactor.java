package io.vetcd.mvcc.xodus;

import java.util.ArrayList;
import java.util.List;
import jetbrains.exodus.ByteIterable;
import jetbrains.exodus.env.Cursor;
import jetbrains.exodus.env.Transaction;

/**
 * Physical compaction at revision C, in bounded steps: walks the change log in revision order
 * from a persisted cursor up to C and removes each version that is not its key's newest at or
 * below C, and that newest version too when it is a tombstone (etcd's keyIndex.compact).
 *
 * <p>Walking in revision order keeps every committed step consistent for reads at or above C: a
 * key's older versions are removed before (or with) its newest one, so removing a tombstone never
 * uncovers an older value. Each new compaction restarts the walk from the beginning of the log,
 * which after earlier compactions holds only the versions they kept.
 */
final class Compactor {
  private final XodusStores stores;

  Compactor(XodusStores stores) {
    this.stores = stores;
  }

  /** Restarts the walk; called in the transaction that applies a compaction. */
  void restart(Transaction txn) {
    Meta.COMPACT_CURSOR_MAIN.write(stores.meta(), txn, 0);
    Meta.COMPACT_CURSOR_SUB.write(stores.meta(), txn, 0);
  }

  static boolean pending(long cursorMain, long compactedRevision) {
    return cursorMain <= compactedRevision;
  }

  /**
   * Examines at most {@code maxKeys} change-log entries at or below {@code compactedRevision} and
   * moves the cursor past them. Returns true while entries remain.
   */
  boolean step(Transaction txn, long compactedRevision, int maxKeys) {
    long cursorMain = Meta.COMPACT_CURSOR_MAIN.read(stores.meta(), txn);
    long cursorSub = Meta.COMPACT_CURSOR_SUB.read(stores.meta(), txn);
    if (!pending(cursorMain, compactedRevision)) {
      return false;
    }
    List<byte[]> revisionKeys = new ArrayList<>();
    List<ChangeRecord> changes = new ArrayList<>();
    long nextMain = Long.MAX_VALUE;
    long nextSub = 0;
    try (Cursor cursor = stores.revisions().openCursor(txn)) {
      ByteIterable value = cursor.getSearchKeyRange(
          XodusKvView.iterable(KeyCodec.revisionKey(cursorMain, cursorSub)));
      while (value != null) {
        byte[] revisionKey = copy(cursor.getKey());
        long main = KeyCodec.revisionMain(revisionKey);
        if (main > compactedRevision) {
          break;
        }
        if (revisionKeys.size() == maxKeys) {
          nextMain = main;
          nextSub = KeyCodec.revisionSub(revisionKey);
          break;
        }
        revisionKeys.add(revisionKey);
        changes.add(ChangeRecord.decode(value.getBytesUnsafe(), value.getLength()));
        value = cursor.getNext() ? cursor.getValue() : null;
      }
    }
    for (int i = 0; i < revisionKeys.size(); i++) {
      removeIfObsolete(txn, revisionKeys.get(i), changes.get(i), compactedRevision);
    }
    Meta.COMPACT_CURSOR_MAIN.write(stores.meta(), txn, nextMain);
    Meta.COMPACT_CURSOR_SUB.write(stores.meta(), txn, nextSub);
    return pending(nextMain, compactedRevision);
  }

  private void removeIfObsolete(
      Transaction txn, byte[] revisionKey, ChangeRecord change, long compactedRevision) {
    long main = KeyCodec.revisionMain(revisionKey);
    long sub = KeyCodec.revisionSub(revisionKey);
    byte[] encodedKey = KeyCodec.encodeKey(change.key());
    boolean newestAtOrBelow;
    try (Cursor cursor = stores.keys().openCursor(txn)) {
      // The change itself is at or below C, so the first version found belongs to this key.
      cursor.getSearchKeyRange(XodusKvView.iterable(KeyCodec.seekAt(encodedKey, compactedRevision)));
      ByteIterable newest = cursor.getKey();
      newestAtOrBelow = KeyCodec.versionMain(newest.getBytesUnsafe(), newest.getLength()) == main
          && KeyCodec.versionSub(newest.getBytesUnsafe(), newest.getLength()) == sub;
    }
    if (newestAtOrBelow && !change.tombstone()) {
      return;
    }
    stores.revisions().delete(txn, XodusKvView.iterable(revisionKey));
    stores.keys().delete(txn, XodusKvView.iterable(KeyCodec.versionKey(encodedKey, main, sub)));
  }

  private static byte[] copy(ByteIterable iterable) {
    return java.util.Arrays.copyOf(iterable.getBytesUnsafe(), iterable.getLength());
  }
}
