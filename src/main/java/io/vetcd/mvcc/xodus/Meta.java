package io.vetcd.mvcc.xodus;

import java.nio.charset.StandardCharsets;
import jetbrains.exodus.ByteIterable;
import jetbrains.exodus.env.Store;
import jetbrains.exodus.env.Transaction;

/** Named numbers in the meta store, written in the same transaction as the data they describe. */
enum Meta {
  /** Index of the last Raft entry applied. */
  APPLIED_INDEX(0),
  /** Revision of the last change; etcd's empty store is at 1. */
  CURRENT_REVISION(1),
  /** Revision of the last applied compaction; reads below it fail. */
  COMPACTED_REVISION(0),
  /** Main revision of the next change-log entry physical compaction examines. */
  COMPACT_CURSOR_MAIN(Long.MAX_VALUE),
  /** Sub revision of that entry. */
  COMPACT_CURSOR_SUB(0);

  private final long initial;
  private final ByteIterable key;

  Meta(long initial) {
    this.initial = initial;
    this.key = XodusKvView.iterable(name().toLowerCase().getBytes(StandardCharsets.US_ASCII));
  }

  long read(Store meta, Transaction txn) {
    ByteIterable value = meta.get(txn, key);
    return value == null ? initial : KeyCodec.getLong(value.getBytesUnsafe(), 0);
  }

  void write(Store meta, Transaction txn, long value) {
    meta.put(txn, key, XodusKvView.iterable(KeyCodec.longBytes(value)));
  }
}
