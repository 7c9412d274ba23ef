package io.vetcd.mvcc;

import io.vetcd.proto.etcdserverpb.RequestOp;
import io.vetcd.proto.etcdserverpb.TxnRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Which branch a txn takes, and recursively which branch each nested txn of that branch takes.
 * etcd decides all of them against the state before the txn, before applying any operation, so
 * a nested txn's guards never see the writes of the operations around it.
 *
 * @param nested one path per nested txn of the chosen branch, in operation order
 */
record TxnPath(boolean succeeded, List<TxnPath> nested) {

  static TxnPath evaluate(KvReadView view, long atRevision, TxnRequest txn) {
    boolean succeeded = Compares.allHold(view, atRevision, txn.getCompareList());
    List<TxnPath> nested = new ArrayList<>();
    for (RequestOp op : chosenOps(txn, succeeded)) {
      if (op.hasRequestTxn()) {
        nested.add(evaluate(view, atRevision, op.getRequestTxn()));
      }
    }
    return new TxnPath(succeeded, nested);
  }

  List<RequestOp> chosenOps(TxnRequest txn) {
    return chosenOps(txn, succeeded);
  }

  private static List<RequestOp> chosenOps(TxnRequest txn, boolean succeeded) {
    return succeeded ? txn.getSuccessList() : txn.getFailureList();
  }
}
