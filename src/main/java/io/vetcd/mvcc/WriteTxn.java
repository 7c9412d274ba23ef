package io.vetcd.mvcc;

import com.google.protobuf.ByteString;
import io.vetcd.proto.mvccpb.KeyValue;
import java.util.ArrayList;
import java.util.List;

/**
 * One atomic change set (etcd's storeTxnWrite): every change gets the main revision
 * {@code beginRevision + 1} and the next sub revision; reads see the changes made so far.
 */
final class WriteTxn {
  private final KvWriteView view;
  private final long beginRevision;
  private int changes;

  WriteTxn(KvWriteView view, long beginRevision) {
    this.view = view;
    this.beginRevision = beginRevision;
  }

  KvReadView view() {
    return view;
  }

  boolean changed() {
    return changes > 0;
  }

  /** The revision reads in this txn see, which is also what their headers report. */
  long readRevision() {
    return changed() ? beginRevision + 1 : beginRevision;
  }

  /** Writes a new version of {@code key} and returns the revision it is written at. */
  long put(ByteString key, ByteString value, long lease) {
    return put(key, value, lease, view.version(key.toByteArray(), readRevision()));
  }

  /** As above, when the caller has already read the previous version (null: none). */
  long put(ByteString key, ByteString value, long lease, KeyVersion previous) {
    long revision = beginRevision + 1;
    KeyValue kv = KeyValue.newBuilder()
        .setKey(key)
        .setValue(value)
        .setCreateRevision(previous == null ? revision : previous.createRevision())
        .setModRevision(revision)
        .setVersion(previous == null ? 1 : previous.version() + 1)
        .setLease(lease)
        .build();
    view.put(kv, new Revision(revision, changes++));
    return revision;
  }

  /** Deletes the live keys in {@code range} and returns how many there were. */
  long deleteRange(KeyRange range) {
    List<ByteString> keys = new ArrayList<>();
    view.scan(range, readRevision(), kv -> keys.add(kv.getKey()));
    for (ByteString key : keys) {
      view.tombstone(key, new Revision(beginRevision + 1, changes++));
    }
    return keys.size();
  }
}
