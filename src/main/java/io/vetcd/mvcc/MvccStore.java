package io.vetcd.mvcc;

import com.google.protobuf.ByteString;
import io.vetcd.proto.etcdserverpb.RangeRequest;
import io.vetcd.proto.etcdserverpb.RangeResponse;
import io.vetcd.proto.mvccpb.Event;
import io.vetcd.proto.vetcdpb.Membership;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The replicated state machine: etcd's key-value history, changed only by applying committed
 * Raft entries in log order, and read at any revision that is not compacted.
 *
 * <p>Threading: {@link #apply} and {@link #compactStep} are called from one thread at a time (the
 * apply loop); {@link #range} and the getters may be called concurrently from any thread, and
 * each read sees one consistent snapshot. Every method may block on disk.
 */
public interface MvccStore extends AutoCloseable {

  /** Index of the last Raft entry reflected in the store; 0 for a new store. */
  long appliedIndex();

  /**
   * The cluster's members as of {@link #appliedIndex()}, written by the same apply: empty for a
   * store that never applied a membership change.
   */
  Membership membership();

  /**
   * Applies the entries in order, in one transaction that also records the last entry's index as
   * the applied index, so that after a crash a replay skips what is already stored. Entries at or
   * below {@link #appliedIndex()} are skipped. Returns one result per entry that carries a request
   * (in order); a request that fails (for example a put with an unknown lease) yields an error
   * result and changes nothing, as in etcd.
   *
   * <p>Key-value and lease requests (put, delete_range, txn, compaction, lease_grant,
   * lease_revoke, lease_checkpoint), and entries that carry a membership (stored, and answered
   * with it) or a refusal (answered with it); any other request throws IllegalArgumentException.
   * Any exception means nothing of the batch was stored.
   *
   * <p>Once the batch is stored, its changes are appended to {@code changes} as the watch events
   * {@link #changes} would read for them, in revision order (etcd's TxnWrite.Changes): the watch
   * hub gets them without reading them back.
   */
  List<ApplyResult> apply(List<CommittedEntry> entries, List<Event> changes);

  /** {@link #apply(List, List)} for a caller that has no use for the changes. */
  default List<ApplyResult> apply(List<CommittedEntry> entries) {
    return apply(entries, new ArrayList<>());
  }

  /**
   * Serves a Range with etcd's semantics (range_end, prefix, limit, sort, keys_only, count_only,
   * min/max mod/create revision, revision). The response header carries the current store
   * revision, also when reading an older one; cluster/member ids and raft term are filled in by
   * the caller (for a txn, only in the outermost header: etcd leaves the inner ones bare).
   *
   * @throws io.vetcd.errors.EtcdException COMPACTED or FUTURE_REV for an unreadable revision
   */
  RangeResponse range(RangeRequest request);

  /**
   * The changes with main revision in [fromRevision, toRevision] as watch events, in revision
   * order, at most {@code maxEvents} (a revision may be cut; continue from the last event's). A
   * delete event's kv carries only the key and the delete's revision, as etcd's. Watchers read
   * this after each applied batch and to catch up from an old revision.
   *
   * @throws io.vetcd.errors.EtcdException COMPACTED when fromRevision is below the compacted revision
   */
  List<Event> changes(long fromRevision, long toRevision, int maxEvents);

  /**
   * etcd's HashKV at {@code revision} (0: the current one), over one consistent snapshot: the
   * CRC-32C (Castagnoli) of the bytes "key", then, per version up to that revision in revision
   * order, etcd's bucket key (main, '_', sub, and 't' for a tombstone) and its marshalled
   * KeyValue (only the key for a tombstone). Of the versions at or below the compacted revision
   * only those a compaction at {@code revision} would keep count (mvcc HashByRev), so members
   * that have and have not yet physically compacted agree; except, as in etcd, at a revision where
   * no key is live: there every stored version counts, and the hash settles once compacted.
   *
   * @throws io.vetcd.errors.EtcdException COMPACTED at or below the compacted revision, FUTURE_REV
   *     above the current one
   */
  KvHash hashKv(long revision);

  /** The granted lease with this id as last committed, or null; never blocks. */
  Lease lease(long leaseId);

  /** Every granted lease as last committed; never blocks. */
  Collection<Lease> leases();

  /** The keys attached to the lease, in key order (empty when none or not granted). */
  List<ByteString> leaseKeys(long leaseId);

  /** The revision of the last change; 1 for a new store (etcd's empty store is at revision 1). */
  long currentRevision();

  /** The revision of the last compaction; 0 when never compacted. */
  long compactedRevision();

  /**
   * Physically removes at most {@code maxKeys} obsolete versions left by an applied compaction.
   * Returns true while work remains, so the apply loop can interleave it with new entries.
   */
  boolean compactStep(int maxKeys);

  /**
   * Forces everything applied so far to stable storage. Applies are not fsynced (the WAL is), so
   * the WAL may drop entries only up to an index the store has synced.
   */
  void sync();

  /**
   * A consistent image of the store as it is now, for a member that needs a snapshot. Call it on
   * the apply thread, between batches; the caller writes it out and closes it.
   */
  StoreImage image();

  /**
   * Replaces the whole store by the image received for Raft index {@code index} (the file
   * {@link StoreImage#fileName} in the store's snapshot directory), as etcd's follower swaps in a
   * received backend. Call it on the apply thread; reads in flight finish on the old store first.
   * A crash at any point leaves the old store or the new one (see the implementation).
   */
  void install(long index);

  /** Bytes the store occupies on disk (Status.dbSize). */
  long sizeBytes();

  @Override
  void close();
}
