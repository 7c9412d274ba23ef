package io.vetcd.api;

import com.google.protobuf.ByteString;
import io.vertx.core.Future;
import io.vetcd.proto.etcdserverpb.DeleteRangeRequest;
import io.vetcd.proto.etcdserverpb.PutRequest;
import io.vetcd.proto.etcdserverpb.RangeRequest;
import io.vetcd.proto.etcdserverpb.RequestOp;
import io.vetcd.proto.etcdserverpb.TxnRequest;
import io.vetcd.proto.etcdserverpb.TxnResponse;
import io.vetcd.proto.v3lockpb.LockRequest;
import io.vetcd.proto.v3lockpb.LockResponse;
import io.vetcd.proto.v3lockpb.UnlockRequest;
import io.vetcd.proto.v3lockpb.UnlockResponse;

/**
 * etcd's v3lock service (api/v3lock), which runs clientv3/concurrency's Mutex inside the server:
 * the lock is held by the key under {@code name/} with the lowest create revision; a caller puts
 * its own key {@code name/<lease in hex>} with its lease and waits, through the watch hub, until
 * every key created before its own is deleted (unlocked, or its lease ended).
 */
public final class LockServer {
  private final KvServer kv;
  private final KeyWaits waits;
  private final SessionLeases sessions;

  LockServer(KvServer kv, KeyWaits waits, SessionLeases sessions) {
    this.kv = kv;
    this.waits = waits;
    this.sessions = sessions;
  }

  /**
   * Waits for the lock; a wait that fails, or that the client gives up, deletes the caller's key
   * (Mutex.Lock unlocks when waitDeletes fails), so the next waiter is not held up by it until its
   * lease ends.
   */
  public Future<LockResponse> lock(LockRequest request, Cancellation cancellation) {
    ByteString prefix = KeyWaits.prefixOf(request.getName());
    return sessions.leaseOf(request.getLease()).compose(lease -> {
      ByteString myKey = KeyWaits.sessionKey(prefix, lease);
      return kv.txn(enqueue(myKey, lease, prefix)).compose(txn -> {
        long myRevision = txn.getSucceeded() ? txn.getHeader().getRevision()
            : txn.getResponses(0).getResponseRange().getKvs(0).getCreateRevision();
        var owner = txn.getResponses(1).getResponseRange();
        LockResponse.Builder locked = LockResponse.newBuilder().setKey(myKey);
        if (owner.getKvsCount() == 0 || owner.getKvs(0).getCreateRevision() == myRevision) {
          return Future.succeededFuture(locked.setHeader(txn.getHeader()).build());
        }
        return waits.waitDeletes(prefix, myRevision - 1, cancellation)
            .map(header -> locked.setHeader(header).build())
            .recover(failed -> kv.deleteRange(DeleteRangeRequest.newBuilder().setKey(myKey).build())
                .transform(deleted -> Future.failedFuture(failed)));
      });
    });
  }

  public Future<UnlockResponse> unlock(UnlockRequest request) {
    return kv.deleteRange(DeleteRangeRequest.newBuilder().setKey(request.getKey()).build())
        .map(deleted -> UnlockResponse.newBuilder().setHeader(deleted.getHeader()).build());
  }

  /**
   * Mutex.Lock's one txn: put my key unless it exists (this lease may hold or wait already), and
   * read the current owner either way, so an uncontended lock takes one request.
   */
  private static TxnRequest enqueue(ByteString myKey, long lease, ByteString prefix) {
    RangeRequest.Builder owner = KeyWaits.firstCreatedRange(prefix);
    return TxnRequest.newBuilder()
        .addCompare(KeyWaits.createdAt(myKey, 0))
        .addSuccess(RequestOp.newBuilder().setRequestPut(
            PutRequest.newBuilder().setKey(myKey).setLease(lease)))
        .addSuccess(RequestOp.newBuilder().setRequestRange(owner))
        .addFailure(RequestOp.newBuilder().setRequestRange(
            RangeRequest.newBuilder().setKey(myKey)))
        .addFailure(RequestOp.newBuilder().setRequestRange(owner))
        .build();
  }
}
