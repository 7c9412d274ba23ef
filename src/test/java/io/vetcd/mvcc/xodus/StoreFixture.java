package io.vetcd.mvcc.xodus;

import io.vetcd.errors.EtcdError;
import io.vetcd.mvcc.ApplyResult;
import io.vetcd.mvcc.CommittedEntry;
import io.vetcd.mvcc.LeaseLookup;
import io.vetcd.mvcc.MvccStore;
import io.vetcd.proto.etcdserverpb.DeleteRangeRequest;
import io.vetcd.proto.etcdserverpb.DeleteRangeResponse;
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
  private final LeaseLookup leases;
  XodusMvccStore store;
  private long index;
  private long requestId;

  StoreFixture(Path dir, LeaseLookup leases) {
    this.dir = dir;
    this.leases = leases;
    this.store = new XodusMvccStore(dir, leases);
    this.index = store.appliedIndex();
  }

  StoreFixture(Path dir) {
    this(dir, LeaseLookup.NONE);
  }

  void reopen() {
    store.close();
    store = new XodusMvccStore(dir, leases);
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
