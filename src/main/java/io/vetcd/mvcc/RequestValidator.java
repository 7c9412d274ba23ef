package io.vetcd.mvcc;

import io.vetcd.api.EtcdError;
import io.vetcd.proto.etcdserverpb.DeleteRangeRequest;
import io.vetcd.proto.etcdserverpb.PutRequest;
import io.vetcd.proto.etcdserverpb.RangeRequest;
import io.vetcd.proto.etcdserverpb.TxnRequest;

/** Checks etcd makes before a request reaches Raft (temporary minimal version). */
public final class RequestValidator {
  private final int maxTxnOps;

  public RequestValidator(int maxTxnOps) {
    this.maxTxnOps = maxTxnOps;
  }

  public void checkRange(RangeRequest r) {
    if (r.getKey().isEmpty()) {
      throw EtcdError.EMPTY_KEY.exception();
    }
  }

  public void checkPut(PutRequest r) {
    if (r.getKey().isEmpty()) {
      throw EtcdError.EMPTY_KEY.exception();
    }
  }

  public void checkDeleteRange(DeleteRangeRequest r) {
    if (r.getKey().isEmpty()) {
      throw EtcdError.EMPTY_KEY.exception();
    }
  }

  public void checkTxn(TxnRequest r) {
    int ops = Math.max(r.getCompareCount(), Math.max(r.getSuccessCount(), r.getFailureCount()));
    if (ops > maxTxnOps) {
      throw EtcdError.TOO_MANY_OPS.exception();
    }
  }
}
