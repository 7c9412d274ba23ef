package io.vetcd.mvcc;

import io.vetcd.proto.mvccpb.KeyValue;
import java.util.function.Predicate;

/**
 * Read access to the key history, the narrow storage interface the request semantics are written
 * against (etcd's mvcc ReadView without the revision bookkeeping, which {@link KvApplier} owns).
 */
public interface KvReadView {

  /**
   * Calls {@code visitor}, in ascending key order, with the newest version at or below
   * {@code atRevision} of each key in {@code range} that is not deleted at that revision, until
   * the visitor returns false.
   */
  void scan(KeyRange range, long atRevision, Predicate<KeyValue> visitor);

  /** How many keys {@link #scan} would visit; implementations need not decode values. */
  long count(KeyRange range, long atRevision);

  /** The create revision and version of {@code key}'s live version at {@code atRevision}, or null. */
  default KeyVersion version(byte[] key, long atRevision) {
    return KeyVersion.of(get(key, atRevision));
  }

  /** The live version of {@code key} at {@code atRevision}, or null. */
  default KeyValue get(byte[] key, long atRevision) {
    KeyValue[] found = new KeyValue[1];
    scan(KeyRange.single(key), atRevision, kv -> {
      found[0] = kv;
      return false;
    });
    return found[0];
  }
}
