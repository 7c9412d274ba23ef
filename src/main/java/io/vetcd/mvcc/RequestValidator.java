package io.vetcd.mvcc;

import com.google.protobuf.ByteString;
import io.vetcd.errors.EtcdError;
import io.vetcd.proto.etcdserverpb.Compare;
import io.vetcd.proto.etcdserverpb.DeleteRangeRequest;
import io.vetcd.proto.etcdserverpb.PutRequest;
import io.vetcd.proto.etcdserverpb.RangeRequest;
import io.vetcd.proto.etcdserverpb.RequestOp;
import io.vetcd.proto.etcdserverpb.TxnRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks etcd 3.4 makes on a key-value request before proposing it (etcdserver/api/v3rpc/
 * key.go): the protocol layer calls these, so that a malformed request never reaches the log.
 * Each method throws {@link io.vetcd.errors.EtcdException} with etcd's error.
 */
public final class RequestValidator {
  /** etcd's --max-txn-ops default. */
  public static final int DEFAULT_MAX_TXN_OPS = 128;

  private final int maxTxnOps;

  public RequestValidator() {
    this(DEFAULT_MAX_TXN_OPS);
  }

  public RequestValidator(int maxTxnOps) {
    this.maxTxnOps = maxTxnOps;
  }

  public void checkRange(RangeRequest request) {
    requireKey(request.getKey());
  }

  public void checkPut(PutRequest request) {
    requireKey(request.getKey());
    if (request.getIgnoreValue() && !request.getValue().isEmpty()) {
      throw EtcdError.VALUE_PROVIDED.exception();
    }
    if (request.getIgnoreLease() && request.getLease() != 0) {
      throw EtcdError.LEASE_PROVIDED.exception();
    }
  }

  public void checkDeleteRange(DeleteRangeRequest request) {
    requireKey(request.getKey());
  }

  /**
   * Checks sizes and keys first, then that no key is written twice on one path (puts may not
   * overlap each other or deletes; the two branches of a nested txn may put the same key).
   */
  public void checkTxn(TxnRequest request) {
    checkTxn(request, maxTxnOps);
    new Writes(request.getSuccessList());
    new Writes(request.getFailureList());
  }

  private void checkTxn(TxnRequest request, int opsBudget) {
    int ops = Math.max(request.getCompareCount(),
        Math.max(request.getSuccessCount(), request.getFailureCount()));
    if (ops > opsBudget) {
      throw EtcdError.TOO_MANY_OPS.exception();
    }
    for (Compare compare : request.getCompareList()) {
      requireKey(compare.getKey());
    }
    // As in etcd, a nested txn may use only what its parent's largest list left of the budget.
    for (RequestOp op : request.getSuccessList()) {
      checkOp(op, opsBudget - ops);
    }
    for (RequestOp op : request.getFailureList()) {
      checkOp(op, opsBudget - ops);
    }
  }

  private void checkOp(RequestOp op, int opsBudget) {
    switch (op.getRequestCase()) {
      case REQUEST_RANGE -> checkRange(op.getRequestRange());
      case REQUEST_PUT -> checkPut(op.getRequestPut());
      case REQUEST_DELETE_RANGE -> checkDeleteRange(op.getRequestDeleteRange());
      case REQUEST_TXN -> checkTxn(op.getRequestTxn(), opsBudget);
      default -> throw EtcdError.KEY_NOT_FOUND.exception();
    }
  }

  private static void requireKey(ByteString key) {
    if (key.isEmpty()) {
      throw EtcdError.EMPTY_KEY.exception();
    }
  }

  /** The keys one list of operations puts and the intervals it deletes, nested txns included. */
  private static final class Writes {
    final Set<ByteString> puts = new HashSet<>();
    final List<DeletedInterval> deletes = new ArrayList<>();

    Writes(List<RequestOp> ops) {
      for (RequestOp op : ops) {
        if (op.hasRequestDeleteRange()) {
          deletes.add(DeletedInterval.of(op.getRequestDeleteRange()));
        }
      }
      for (RequestOp op : ops) {
        if (op.hasRequestTxn()) {
          addNested(new Writes(op.getRequestTxn().getSuccessList()),
              new Writes(op.getRequestTxn().getFailureList()));
        }
      }
      for (RequestOp op : ops) {
        if (op.hasRequestPut()) {
          addPut(op.getRequestPut().getKey(), false);
        }
      }
    }

    private void addNested(Writes success, Writes failure) {
      for (ByteString key : success.puts) {
        addPut(key, false);
      }
      for (ByteString key : failure.puts) {
        // Only one branch runs, so both may put the same key.
        addPut(key, success.puts.contains(key));
      }
      deletes.addAll(success.deletes);
      deletes.addAll(failure.deletes);
    }

    private void addPut(ByteString key, boolean alsoPutByOtherBranch) {
      if ((puts.contains(key) && !alsoPutByOtherBranch)
          || deletes.stream().anyMatch(d -> d.contains(key))) {
        throw EtcdError.DUPLICATE_KEY.exception();
      }
      puts.add(key);
    }
  }

  /**
   * A delete's interval as etcd's check builds it: [key, range_end), or the key alone. etcd takes
   * range_end literally here, so a from-key delete (range_end "\0") conflicts with no put.
   */
  private record DeletedInterval(ByteString begin, ByteString end) {
    static DeletedInterval of(DeleteRangeRequest delete) {
      return new DeletedInterval(delete.getKey(), delete.getRangeEnd());
    }

    boolean contains(ByteString key) {
      if (end.isEmpty()) {
        return begin.equals(key);
      }
      return compare(begin, key) <= 0 && compare(key, end) < 0;
    }

    private static int compare(ByteString a, ByteString b) {
      return ByteString.unsignedLexicographicalComparator().compare(a, b);
    }
  }
}
