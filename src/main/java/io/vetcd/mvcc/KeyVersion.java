package io.vetcd.mvcc;

import io.vetcd.proto.mvccpb.KeyValue;

/**
 * What a put needs from a key's previous version: its create revision, version and lease (to
 * detach the key from a lease it leaves). A put looks this up every time, so a store may read it
 * without decoding the previous value.
 */
public record KeyVersion(long createRevision, long version, long lease) {
  static KeyVersion of(KeyValue kv) {
    return kv == null ? null : new KeyVersion(kv.getCreateRevision(), kv.getVersion(), kv.getLease());
  }
}
