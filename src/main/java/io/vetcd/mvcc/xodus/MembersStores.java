package io.vetcd.mvcc.xodus;

import com.google.protobuf.InvalidProtocolBufferException;
import io.vetcd.proto.etcdserverpb.Member;
import io.vetcd.proto.vetcdpb.Membership;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jetbrains.exodus.ByteIterable;
import jetbrains.exodus.env.Cursor;
import jetbrains.exodus.env.Environment;
import jetbrains.exodus.env.Store;
import jetbrains.exodus.env.StoreConfig;
import jetbrains.exodus.env.Transaction;

/**
 * The cluster's members, as etcd keeps them in its backend's {@code members} and
 * {@code members_removed} buckets: member id (8 bytes, big endian) to the {@code
 * etcdserverpb.Member} message, and removed id to nothing. They are written by the apply of the
 * entries that change them, in the same transaction as the applied index, so a restart (or a
 * member receiving this store as a snapshot) finds the membership of exactly the applied log.
 */
record MembersStores(Store members, Store removed) {
  private static final ByteIterable NOTHING = XodusKvView.iterable(new byte[0]);

  static MembersStores open(Environment env) {
    return env.computeInExclusiveTransaction(txn -> new MembersStores(
        env.openStore("members", StoreConfig.WITHOUT_DUPLICATES, txn),
        env.openStore("members_removed", StoreConfig.WITHOUT_DUPLICATES, txn)));
  }

  Membership read(Transaction txn) {
    Membership.Builder out = Membership.newBuilder();
    for (ByteIterable value : values(members, txn, true)) {
      try {
        out.addMembers(Member.parseFrom(value.getBytesUnsafe()));
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("unreadable member in the store", e);
      }
    }
    for (ByteIterable key : values(removed, txn, false)) {
      out.addRemoved(KeyCodec.getLong(key.getBytesUnsafe(), 0));
    }
    return out.build();
  }

  /** Replaces what is stored with {@code membership}: a few members, rewritten whole. */
  void write(Transaction txn, Membership membership) {
    Set<Long> kept = new HashSet<>();
    for (Member m : membership.getMembersList()) {
      kept.add(m.getID());
      members.put(txn, key(m.getID()), XodusKvView.iterable(m.toByteArray()));
    }
    for (ByteIterable key : values(members, txn, false)) {
      long id = KeyCodec.getLong(key.getBytesUnsafe(), 0);
      if (!kept.contains(id)) {
        members.delete(txn, key(id));
      }
    }
    for (long id : membership.getRemovedList()) {
      removed.put(txn, key(id), NOTHING);
    }
  }

  private static ByteIterable key(long id) {
    return XodusKvView.iterable(KeyCodec.longBytes(id));
  }

  /** Every value (or key) of a small store, copied out of the cursor. */
  private static List<ByteIterable> values(Store store, Transaction txn, boolean wantValues) {
    List<ByteIterable> out = new ArrayList<>();
    try (Cursor cursor = store.openCursor(txn)) {
      while (cursor.getNext()) {
        ByteIterable item = wantValues ? cursor.getValue() : cursor.getKey();
        out.add(XodusKvView.iterable(Arrays.copyOf(item.getBytesUnsafe(), item.getLength())));
      }
    }
    return out;
  }
}
