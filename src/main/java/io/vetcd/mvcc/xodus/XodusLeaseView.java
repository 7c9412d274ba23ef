package io.vetcd.mvcc.xodus;

import com.google.protobuf.ByteString;
import io.vetcd.mvcc.Lease;
import io.vetcd.mvcc.LeaseWriteView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import jetbrains.exodus.ByteIterable;
import jetbrains.exodus.env.Cursor;
import jetbrains.exodus.env.Transaction;

/**
 * The lease table inside one Xodus transaction. Layout:
 * <pre>
 *   lease      id (8 bytes, big endian)            -> TTL (8) | checkpointed remaining TTL (8)
 *   lease_key  id (8 bytes) | user key (raw bytes)  -> nothing
 * </pre>
 * The fixed-length id prefix keeps each lease's keys together, in key order, so revoking or
 * listing them is one cursor walk and no key needs an index of its own.
 */
final class XodusLeaseView implements LeaseWriteView {
  private static final int ID_BYTES = 8;
  private final Transaction txn;
  private final XodusStores stores;
  /** Leases granted, changed or revoked in this transaction, for the caller's cache. */
  private final Set<Long> touched = new HashSet<>();

  XodusLeaseView(Transaction txn, XodusStores stores) {
    this.txn = txn;
    this.stores = stores;
  }

  /** The leases this transaction granted, changed or revoked (value null), as they are now. */
  Map<Long, Lease> changed() {
    Map<Long, Lease> changed = new HashMap<>();
    for (long id : touched) {
      changed.put(id, get(id));
    }
    return changed;
  }

  @Override
  public Lease get(long leaseId) {
    ByteIterable value = stores.leases().get(txn, XodusKvView.iterable(KeyCodec.longBytes(leaseId)));
    return value == null ? null : decode(leaseId, value.getBytesUnsafe());
  }

  @Override
  public void put(Lease lease) {
    byte[] value = new byte[2 * ID_BYTES];
    System.arraycopy(KeyCodec.longBytes(lease.ttlSeconds()), 0, value, 0, ID_BYTES);
    System.arraycopy(KeyCodec.longBytes(lease.remainingTtlSeconds()), 0, value, ID_BYTES, ID_BYTES);
    stores.leases().put(txn, XodusKvView.iterable(KeyCodec.longBytes(lease.id())),
        XodusKvView.iterable(value));
    touched.add(lease.id());
  }

  @Override
  public void delete(long leaseId) {
    stores.leases().delete(txn, XodusKvView.iterable(KeyCodec.longBytes(leaseId)));
    touched.add(leaseId);
  }

  @Override
  public void attach(long leaseId, ByteString key) {
    stores.leaseKeys().put(txn, attachment(leaseId, key), ByteIterable.EMPTY);
  }

  @Override
  public void detach(long leaseId, ByteString key) {
    stores.leaseKeys().delete(txn, attachment(leaseId, key));
  }

  @Override
  public List<ByteString> keys(long leaseId) {
    List<ByteString> keys = new ArrayList<>();
    byte[] prefix = KeyCodec.longBytes(leaseId);
    try (Cursor cursor = stores.leaseKeys().openCursor(txn)) {
      boolean found = cursor.getSearchKeyRange(XodusKvView.iterable(prefix)) != null;
      while (found) {
        ByteIterable entry = cursor.getKey();
        byte[] bytes = entry.getBytesUnsafe();
        if (entry.getLength() < ID_BYTES || !Arrays.equals(bytes, 0, ID_BYTES, prefix, 0, ID_BYTES)) {
          break;
        }
        keys.add(ByteString.copyFrom(bytes, ID_BYTES, entry.getLength() - ID_BYTES));
        found = cursor.getNext();
      }
    }
    return keys;
  }

  /** Calls {@code sink} with every granted lease (the store's cache is filled from it at open). */
  void forEach(Consumer<Lease> sink) {
    try (Cursor cursor = stores.leases().openCursor(txn)) {
      while (cursor.getNext()) {
        long id = KeyCodec.getLong(cursor.getKey().getBytesUnsafe(), 0);
        sink.accept(decode(id, cursor.getValue().getBytesUnsafe()));
      }
    }
  }

  private static Lease decode(long id, byte[] value) {
    return new Lease(id, KeyCodec.getLong(value, 0), KeyCodec.getLong(value, ID_BYTES));
  }

  private static ByteIterable attachment(long leaseId, ByteString key) {
    byte[] bytes = new byte[ID_BYTES + key.size()];
    System.arraycopy(KeyCodec.longBytes(leaseId), 0, bytes, 0, ID_BYTES);
    key.copyTo(bytes, ID_BYTES);
    return XodusKvView.iterable(bytes);
  }
}
