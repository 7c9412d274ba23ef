package io.vetcd.mvcc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.vetcd.errors.EtcdError;
import io.vetcd.errors.EtcdException;
import io.vetcd.proto.etcdserverpb.CompactionRequest;
import io.vetcd.proto.etcdserverpb.CompactionResponse;
import io.vetcd.proto.etcdserverpb.DeleteRangeRequest;
import io.vetcd.proto.etcdserverpb.DeleteRangeResponse;
import io.vetcd.proto.etcdserverpb.LeaseCheckpoint;
import io.vetcd.proto.etcdserverpb.LeaseCheckpointRequest;
import io.vetcd.proto.etcdserverpb.LeaseCheckpointResponse;
import io.vetcd.proto.etcdserverpb.LeaseGrantRequest;
import io.vetcd.proto.etcdserverpb.LeaseGrantResponse;
import io.vetcd.proto.etcdserverpb.LeaseRevokeRequest;
import io.vetcd.proto.etcdserverpb.LeaseRevokeResponse;
import io.vetcd.proto.etcdserverpb.PutRequest;
import io.vetcd.proto.etcdserverpb.PutResponse;
import io.vetcd.proto.etcdserverpb.RangeRequest;
import io.vetcd.proto.etcdserverpb.RequestOp;
import io.vetcd.proto.etcdserverpb.ResponseHeader;
import io.vetcd.proto.etcdserverpb.ResponseOp;
import io.vetcd.proto.etcdserverpb.TxnRequest;
import io.vetcd.proto.etcdserverpb.TxnResponse;
import io.vetcd.proto.mvccpb.KeyValue;
import io.vetcd.proto.vetcdpb.InternalRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Applies committed key-value and lease requests with etcd 3.4's semantics (etcdserver/apply.go,
 * lease/lessor.go) to a {@link KvWriteView} and a {@link LeaseWriteView}, and keeps the current
 * and compacted revisions that result. One instance serves one batch of entries inside one
 * storage transaction.
 *
 * <p>Every refusal ({@link io.vetcd.errors.EtcdException}) is raised before the request writes
 * anything, so a failed request leaves the view unchanged. Response headers carry only the
 * revision; the caller fills cluster id, member id and raft term of the outermost header (etcd
 * leaves the headers inside a txn response with the revision alone).
 */
public final class KvApplier {
  private final KvWriteView view;
  private final LeaseWriteView leases;
  private long currentRevision;
  private long compactedRevision;
  private boolean compacted;

  public KvApplier(KvWriteView view, LeaseWriteView leases, long currentRevision,
      long compactedRevision) {
    this.view = view;
    this.currentRevision = currentRevision;
    this.compactedRevision = compactedRevision;
    this.leases = leases;
  }

  public long currentRevision() {
    return currentRevision;
  }

  public long compactedRevision() {
    return compactedRevision;
  }

  /** Whether a compaction was applied through this applier. */
  public boolean compacted() {
    return compacted;
  }

  /**
   * @throws io.vetcd.errors.EtcdException the etcd error the request fails with
   * @throws IllegalArgumentException for a request that is neither a key-value nor a lease request
   */
  public Message apply(InternalRequest request) {
    return switch (request.getRequestCase()) {
      case PUT -> put(request.getPut());
      case DELETE_RANGE -> deleteRange(request.getDeleteRange());
      case TXN -> txn(request.getTxn());
      case COMPACTION -> compact(request.getCompaction());
      case LEASE_GRANT -> grant(request.getLeaseGrant());
      case LEASE_REVOKE -> revoke(request.getLeaseRevoke());
      case LEASE_CHECKPOINT -> checkpoint(request.getLeaseCheckpoint());
      default -> throw new IllegalArgumentException(
          "not a key-value or lease request: " + request.getRequestCase());
    };
  }

  PutResponse put(PutRequest request) {
    checkLease(request.getLease());
    WriteTxn txn = new WriteTxn(view, leases, currentRevision);
    PutResponse response = put(txn, request);
    finish(txn);
    return response;
  }

  DeleteRangeResponse deleteRange(DeleteRangeRequest request) {
    WriteTxn txn = new WriteTxn(view, leases, currentRevision);
    DeleteRangeResponse response = deleteRange(txn, request);
    finish(txn);
    return response;
  }

  TxnResponse txn(TxnRequest request) {
    TxnPath path = TxnPath.evaluate(view, currentRevision, request);
    if (!isReadOnly(request)) {
      checkPuts(request, path);
    }
    checkRanges(request, path);
    WriteTxn txn = new WriteTxn(view, leases, currentRevision);
    TxnResponse.Builder response;
    try {
      response = applyTxn(txn, request, path);
    } catch (EtcdException e) {
      // The checks above must have caught it: the txn has written part of its changes.
      throw new IllegalStateException("txn failed after writing: " + e.error(), e);
    }
    response.setHeader(header(txn.readRevision()));
    finish(txn);
    return response.build();
  }

  CompactionResponse compact(CompactionRequest request) {
    long revision = request.getRevision();
    if (revision <= etcdCompactedRevision()) {
      throw EtcdError.COMPACTED.exception();
    }
    if (revision > currentRevision) {
      throw EtcdError.FUTURE_REV.exception();
    }
    compactedRevision = revision;
    compacted = true;
    return CompactionResponse.newBuilder().setHeader(header(currentRevision)).build();
  }

  /**
   * The id and TTL are the proposer's: it picks an id when the client gave none and raises a TTL
   * below the member's minimum before proposing, so every member applies the same lease.
   */
  LeaseGrantResponse grant(LeaseGrantRequest request) {
    if (request.getTTL() > Lease.MAX_TTL_SECONDS) {
      throw EtcdError.LEASE_TTL_TOO_LARGE.exception();
    }
    if (request.getID() == 0) {
      throw EtcdError.LEASE_NOT_FOUND.exception(); // etcd's lessor refuses NoLease the same way
    }
    if (leases.exists(request.getID())) {
      throw EtcdError.LEASE_EXIST.exception();
    }
    leases.put(new Lease(request.getID(), request.getTTL(), 0));
    return LeaseGrantResponse.newBuilder()
        .setHeader(header(currentRevision))
        .setID(request.getID())
        .setTTL(request.getTTL())
        .build();
  }

  /** Deletes the lease's keys in one revision (in key order, as etcd), then the lease. */
  LeaseRevokeResponse revoke(LeaseRevokeRequest request) {
    if (!leases.exists(request.getID())) {
      throw EtcdError.LEASE_NOT_FOUND.exception();
    }
    WriteTxn txn = new WriteTxn(view, leases, currentRevision);
    for (ByteString key : leases.keys(request.getID())) {
      txn.deleteRange(KeyRange.single(key.toByteArray()));
    }
    leases.delete(request.getID());
    finish(txn);
    return LeaseRevokeResponse.newBuilder().setHeader(header(currentRevision)).build();
  }

  /** Records remaining TTLs; a lease revoked meanwhile is skipped, as etcd's lessor does. */
  LeaseCheckpointResponse checkpoint(LeaseCheckpointRequest request) {
    for (LeaseCheckpoint checkpoint : request.getCheckpointsList()) {
      Lease lease = leases.get(checkpoint.getID());
      if (lease != null) {
        leases.put(new Lease(lease.id(), lease.ttlSeconds(), checkpoint.getRemainingTTL()));
      }
    }
    return LeaseCheckpointResponse.newBuilder().setHeader(header(currentRevision)).build();
  }

  private PutResponse put(WriteTxn txn, PutRequest request) {
    boolean needsPrevious = request.getIgnoreValue() || request.getIgnoreLease() || request.getPrevKv();
    KeyValue previous = needsPrevious
        ? view.get(request.getKey().toByteArray(), txn.readRevision()) : null;
    if ((request.getIgnoreValue() || request.getIgnoreLease()) && previous == null) {
      throw EtcdError.KEY_NOT_FOUND.exception();
    }
    PutResponse.Builder response = PutResponse.newBuilder();
    if (request.getPrevKv() && previous != null) {
      response.setPrevKv(previous);
    }
    ByteString value = request.getIgnoreValue() ? previous.getValue() : request.getValue();
    long lease = request.getIgnoreLease() ? previous.getLease() : request.getLease();
    // The previous version is read once: in full only when the request needs its fields.
    long revision = needsPrevious
        ? txn.put(request.getKey(), value, lease, KeyVersion.of(previous))
        : txn.put(request.getKey(), value, lease);
    return response.setHeader(header(revision)).build();
  }

  private DeleteRangeResponse deleteRange(WriteTxn txn, DeleteRangeRequest request) {
    KeyRange range = KeyRange.of(request.getKey(), request.getRangeEnd());
    DeleteRangeResponse.Builder response = DeleteRangeResponse.newBuilder();
    if (request.getPrevKv()) {
      view.scan(range, txn.readRevision(), kv -> {
        response.addPrevKvs(kv);
        return true;
      });
    }
    response.setDeleted(txn.deleteRange(range));
    return response.setHeader(header(txn.readRevision())).build();
  }

  private TxnResponse.Builder applyTxn(WriteTxn txn, TxnRequest request, TxnPath path) {
    TxnResponse.Builder response = TxnResponse.newBuilder()
        .setSucceeded(path.succeeded())
        .setHeader(ResponseHeader.getDefaultInstance());
    Iterator<TxnPath> nested = path.nested().iterator();
    for (RequestOp op : path.chosenOps(request)) {
      ResponseOp.Builder result = ResponseOp.newBuilder();
      switch (op.getRequestCase()) {
        case REQUEST_RANGE -> result.setResponseRange(RangeExecutor.execute(
            view, txn.readRevision(), compactedRevision, op.getRequestRange()));
        case REQUEST_PUT -> result.setResponsePut(put(txn, op.getRequestPut()));
        case REQUEST_DELETE_RANGE ->
            result.setResponseDeleteRange(deleteRange(txn, op.getRequestDeleteRange()));
        case REQUEST_TXN ->
            result.setResponseTxn(applyTxn(txn, op.getRequestTxn(), nested.next()));
        default -> { } // an empty operation gets an empty response
      }
      response.addResponses(result);
    }
    return response;
  }

  /**
   * etcd checks ignore_value, ignore_lease and leases of a txn's puts before applying any. It
   * checks the keys against the state before the txn; vetcd also refuses an ignore_* put whose
   * key an earlier delete of the same txn removes (a from-key delete passes etcd's duplicate
   * check), where etcd would fail halfway through the txn and panic.
   */
  private void checkPuts(TxnRequest request, TxnPath path) {
    checkPuts(request, path, new ArrayList<>());
  }

  private void checkPuts(TxnRequest request, TxnPath path, List<RequestOp> earlierWrites) {
    Iterator<TxnPath> nested = path.nested().iterator();
    for (RequestOp op : path.chosenOps(request)) {
      if (op.hasRequestTxn()) {
        checkPuts(op.getRequestTxn(), nested.next(), earlierWrites);
        continue;
      }
      if (op.hasRequestPut()) {
        PutRequest put = op.getRequestPut();
        if ((put.getIgnoreValue() || put.getIgnoreLease())
            && (view.get(put.getKey().toByteArray(), currentRevision) == null
                || deletedByLastWrite(put.getKey().toByteArray(), earlierWrites))) {
          throw EtcdError.KEY_NOT_FOUND.exception();
        }
        checkLease(put.getLease());
      }
      earlierWrites.add(op);
    }
  }

  /** Whether the last earlier write that touches {@code key} is a delete. */
  private static boolean deletedByLastWrite(byte[] key, List<RequestOp> earlierWrites) {
    for (int i = earlierWrites.size() - 1; i >= 0; i--) {
      RequestOp op = earlierWrites.get(i);
      if (op.hasRequestPut() && Arrays.equals(op.getRequestPut().getKey().toByteArray(), key)) {
        return false;
      }
      if (op.hasRequestDeleteRange() && KeyRange.of(op.getRequestDeleteRange().getKey(),
          op.getRequestDeleteRange().getRangeEnd()).contains(key)) {
        return true;
      }
    }
    return false;
  }

  private void checkRanges(TxnRequest request, TxnPath path) {
    Iterator<TxnPath> nested = path.nested().iterator();
    for (RequestOp op : path.chosenOps(request)) {
      if (op.hasRequestTxn()) {
        checkRanges(op.getRequestTxn(), nested.next());
      } else if (op.hasRequestRange()) {
        RangeRequest range = op.getRequestRange();
        if (range.getRevision() == 0) {
          continue;
        }
        if (range.getRevision() > currentRevision) {
          throw EtcdError.FUTURE_REV.exception();
        }
        if (range.getRevision() < etcdCompactedRevision()) {
          throw EtcdError.COMPACTED.exception();
        }
      }
    }
  }

  private void checkLease(long leaseId) {
    if (leaseId != 0 && !leases.exists(leaseId)) {
      throw EtcdError.LEASE_NOT_FOUND.exception();
    }
  }

  /** etcd's store starts with compacted revision -1, which its checks compare against. */
  private long etcdCompactedRevision() {
    return compactedRevision == 0 ? -1 : compactedRevision;
  }

  private void finish(WriteTxn txn) {
    if (txn.changed()) {
      currentRevision++;
    }
  }

  private static boolean isReadOnly(TxnRequest request) {
    return request.getSuccessList().stream().allMatch(RequestOp::hasRequestRange)
        && request.getFailureList().stream().allMatch(RequestOp::hasRequestRange);
  }

  private static ResponseHeader header(long revision) {
    return ResponseHeader.newBuilder().setRevision(revision).build();
  }
}
