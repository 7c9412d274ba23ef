package io.vetcd.mvcc;

import com.google.protobuf.ByteString;
import io.vetcd.proto.mvccpb.KeyValue;

/**
 * Write access to the key history. Writes are visible to this view's reads at once; making them
 * durable and visible to others is the owner's business (one transaction per applied batch).
 */
public interface KvWriteView extends KvReadView {

  /** Records a new version; {@code kv.getModRevision()} equals {@code revision.main()}. */
  void put(KeyValue kv, Revision revision);

  /** Records that {@code key}, live before, is deleted at {@code revision}. */
  void tombstone(ByteString key, Revision revision);
}
