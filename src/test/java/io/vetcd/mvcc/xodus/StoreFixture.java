package io.vetcd.mvcc.xodus;

import io.vetcd.errors.EtcdError;
import io.vetcd.mvcc.ApplyResult;
import io.vetcd.mvcc.CommittedEntry;
import io.vetcd.mvcc.MvccStore;
import io.vetcd.proto.etcdserverpb.DeleteRangeRequest;
import io.vetcd.proto.etcdserverpb.DeleteRangeResponse;
import io.vetcd.proto.etcdserverpb.LeaseGrantRequest;
import io.vetcd.proto.etcdserverpb.PutRequest;
import io.vetcd.proto.etcdserverpb.PutResponse;
import io.vetcd.proto.etcdserverpb.TxnRequest;
import io.vetcd.proto.etcdserverpb.TxnResponse;
import io.vetcd.proto.vetcdpb.InternalRequest;
import java.nio.file.Path;
import java.util.List;

/** A store in a temp dir that applies one request per Raft entry, numbering entries itself. */
final class StoreFixture implements AutoCloseable {
  private final Path dir;
  XodusMvccStore store;
  private long index;
  private long requestId;

  /** A store in {@code dir} where the given leases are granted (with a TTL of 60 s). */
  StoreFixture(Path dir, long... grantedLeases) {
    this.dir = dir;
    this.store = new XodusMvccStore(dir);
    this.index = store.appliedIndex();
    for (long lease : grantedLeases) {
      ok(apply(InternalRequest.newBuilder()
          .setLeaseGrant(LeaseGrantRequest.newBuilder().setID(lease).setTTL(60))));
    }
  }

  void reopen() {
    store.close();
    store = new XodusMvccStore(dir);
  }

  ApplyResult apply(InternalRequest.Builder request) {
    return apply(store, request);
  }

  ApplyResult apply(MvccStore target, InternalRequest.Builder request) {
    index++;
    List<ApplyResult> results = target.apply(
        List.of(new CommittedEntry(index, 1, request.setId(++requestId).build())));
    return results.get(0);
  }

  PutResponse put(PutRequest put) {
    return (PutResponse) ok(apply(InternalRequest.newBuilder().setPut(put)));
  }

  DeleteRangeResponse delete(DeleteRangeRequest delete) {
    return (DeleteRangeResponse) ok(apply(InternalRequest.newBuilder().setDeleteRange(delete)));
  }

  TxnResponse txn(TxnRequest txn) {
    return (TxnResponse) ok(apply(InternalRequest.newBuilder().setTxn(txn)));
  }

  EtcdError failure(InternalRequest.Builder request) {
    ApplyResult result = apply(request);
    if (result.error() == null) {
      throw new AssertionError("expected an error, got " + result.response());
    }
    return result.error();
  }

  private static Object ok(ApplyResult result) {
    if (result.error() != null) {
      throw new AssertionError("unexpected " + result.error());
    }
    return result.response();
  }

  @Override
  public void close() {
    store.close();
  }
}
