package io.vetcd.mvcc;

import com.google.protobuf.ByteString;
import io.vetcd.proto.mvccpb.KeyValue;
import java.util.ArrayList;
import java.util.List;

/**
 * One atomic change set (etcd's storeTxnWrite): every change gets the main revision
 * {@code beginRevision + 1} and the next sub revision; reads see the changes made so far. A put
 * moves its key to the lease it names (detaching it from the previous version's), a delete
 * detaches it, as etcd's store does.
 */
final class WriteTxn {
  private final KvWriteView view;
  private final LeaseWriteView leases;
  private final long beginRevision;
  private int changes;

  WriteTxn(KvWriteView view, LeaseWriteView leases, long beginRevision) {
    this.view = view;
    this.leases = leases;
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
    long previousLease = previous == null ? 0 : previous.lease();
    if (previousLease != lease) {
      if (previousLease != 0) {
        leases.detach(previousLease, key);
      }
      if (lease != 0) {
        leases.attach(lease, key);
      }
    }
    return revision;
  }

  /** Deletes the live keys in {@code range} and returns how many there were. */
  long deleteRange(KeyRange range) {
    List<KeyValue> deleted = new ArrayList<>();
    view.scan(range, readRevision(), deleted::add);
    for (KeyValue kv : deleted) {
      view.tombstone(kv.getKey(), new Revision(beginRevision + 1, changes++));
      if (kv.getLease() != 0) {
        leases.detach(kv.getLease(), kv.getKey());
      }
    }
    return deleted.size();
  }
}
