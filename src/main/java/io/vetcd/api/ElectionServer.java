package io.vetcd.api;

import com.google.protobuf.ByteString;
import io.vertx.core.Future;
import io.vetcd.errors.EtcdError;
import io.vetcd.proto.etcdserverpb.DeleteRangeRequest;
import io.vetcd.proto.etcdserverpb.PutRequest;
import io.vetcd.proto.etcdserverpb.RangeRequest;
import io.vetcd.proto.etcdserverpb.RequestOp;
import io.vetcd.proto.etcdserverpb.ResponseHeader;
import io.vetcd.proto.etcdserverpb.TxnRequest;
import io.vetcd.proto.mvccpb.Event;
import io.vetcd.proto.mvccpb.KeyValue;
import io.vetcd.proto.v3electionpb.CampaignRequest;
import io.vetcd.proto.v3electionpb.CampaignResponse;
import io.vetcd.proto.v3electionpb.LeaderKey;
import io.vetcd.proto.v3electionpb.LeaderRequest;
import io.vetcd.proto.v3electionpb.LeaderResponse;
import io.vetcd.proto.v3electionpb.ProclaimRequest;
import io.vetcd.proto.v3electionpb.ProclaimResponse;
import io.vetcd.proto.v3electionpb.ResignRequest;
import io.vetcd.proto.v3electionpb.ResignResponse;
import java.util.function.Consumer;

/**
 * etcd's v3election service (api/v3election), which runs clientv3/concurrency's Election inside
 * the server: candidates put {@code name/<lease in hex>} with their lease; the key with the lowest
 * create revision is the leader and its value the proclaimed one; a campaign returns once every
 * key created before the candidate's is deleted, waiting through the watch hub.
 */
public final class ElectionServer {
  private final KvServer kv;
  private final KeyWaits waits;
  private final SessionLeases sessions;

  ElectionServer(KvServer kv, KeyWaits waits, SessionLeases sessions) {
    this.kv = kv;
    this.waits = waits;
    this.sessions = sessions;
  }

  /**
   * Waits to be elected; a campaign the client gives up resigns (deletes its key), as
   * Election.Campaign does when its context ends, so it does not hold up the next candidates.
   */
  public Future<CampaignResponse> campaign(CampaignRequest request, Cancellation cancellation) {
    ByteString prefix = KeyWaits.prefixOf(request.getName());
    return sessions.leaseOf(request.getLease()).compose(lease -> {
      ByteString key = KeyWaits.sessionKey(prefix, lease);
      TxnRequest enter = TxnRequest.newBuilder()
          .addCompare(KeyWaits.createdAt(key, 0))
          .addSuccess(put(key, request.getValue(), lease))
          .addFailure(RequestOp.newBuilder().setRequestRange(RangeRequest.newBuilder().setKey(key)))
          .build();
      return kv.txn(enter).compose(txn -> {
        LeaderKey.Builder leader = LeaderKey.newBuilder()
            .setName(request.getName()).setKey(key).setLease(lease)
            .setRev(txn.getHeader().getRevision());
        Future<Void> valueSet = Future.succeededFuture();
        if (!txn.getSucceeded()) {
          KeyValue existing = txn.getResponses(0).getResponseRange().getKvs(0);
          leader.setRev(existing.getCreateRevision());
          if (!existing.getValue().equals(request.getValue())) {
            valueSet = proclaim(leader.build(), request.getValue()).<Void>mapEmpty()
                .recover(notLeader -> resign(leader.build()).transform(r -> Future.failedFuture(notLeader)));
          }
        }
        return valueSet
            .compose(v -> waits.waitDeletes(prefix, leader.getRev() - 1, cancellation)
                .recover(failed -> cancellation.isCancelled()
                    ? resign(leader.build()).transform(r -> Future.failedFuture(failed))
                    : Future.failedFuture(failed)))
            .map(elected -> CampaignResponse.newBuilder()
                .setHeader(txn.getHeader()).setLeader(leader).build());
      });
    });
  }

  public Future<ProclaimResponse> proclaim(ProclaimRequest request) {
    if (!request.hasLeader()) {
      return Future.failedFuture(EtcdError.ELECTION_MISSING_LEADER_KEY.exception());
    }
    return proclaim(request.getLeader(), request.getValue())
        .map(header -> ProclaimResponse.newBuilder().setHeader(header).build());
  }

  /** Sets the value while {@code leader}'s key is still the one it created; else "not leader". */
  private Future<ResponseHeader> proclaim(LeaderKey leader, ByteString value) {
    TxnRequest txn = TxnRequest.newBuilder()
        .addCompare(KeyWaits.createdAt(leader.getKey(), leader.getRev()))
        .addSuccess(put(leader.getKey(), value, leader.getLease()))
        .build();
    return kv.txn(txn).compose(done -> done.getSucceeded()
        ? Future.succeededFuture(done.getHeader())
        : Future.failedFuture(EtcdError.ELECTION_NOT_LEADER.exception()));
  }

  public Future<ResignResponse> resign(ResignRequest request) {
    if (!request.hasLeader()) {
      return Future.failedFuture(EtcdError.ELECTION_MISSING_LEADER_KEY.exception());
    }
    return resign(request.getLeader())
        .map(header -> ResignResponse.newBuilder().setHeader(header).build());
  }

  /** Deletes the leader's key if it is still the one it created; no error otherwise, as etcd. */
  private Future<ResponseHeader> resign(LeaderKey leader) {
    TxnRequest txn = TxnRequest.newBuilder()
        .addCompare(KeyWaits.createdAt(leader.getKey(), leader.getRev()))
        .addSuccess(RequestOp.newBuilder().setRequestDeleteRange(
            DeleteRangeRequest.newBuilder().setKey(leader.getKey())))
        .build();
    return kv.txn(txn).map(done -> done.getHeader());
  }

  public Future<LeaderResponse> leader(LeaderRequest request) {
    ByteString prefix = KeyWaits.prefixOf(request.getName());
    return waits.firstCreated(prefix).compose(found -> found.getKvsCount() == 0
        ? Future.failedFuture(EtcdError.ELECTION_NO_LEADER.exception())
        : Future.succeededFuture(LeaderResponse.newBuilder()
            .setHeader(found.getHeader()).setKv(found.getKvs(0)).build()));
  }

  /**
   * Election.Observe: sends the current leader, then each new value it proclaims; when its key
   * goes, the next leader (waiting for one to appear if there is none). Runs until the client
   * cancels, which ends the wait in progress and its watch at once, or a read fails.
   */
  public void observe(LeaderRequest request, Consumer<LeaderResponse> send,
      Consumer<Throwable> failed, Cancellation cancellation) {
    observeNext(KeyWaits.prefixOf(request.getName()), send, failed, cancellation);
  }

  private void observeNext(ByteString prefix, Consumer<LeaderResponse> send,
      Consumer<Throwable> failed, Cancellation cancellation) {
    waits.firstCreated(prefix)
        .compose(found -> found.getKvsCount() > 0
            ? Future.succeededFuture(LeaderResponse.newBuilder()
                .setHeader(found.getHeader()).setKv(found.getKvs(0)).build())
            : waits.waitForInPrefix(prefix, found.getHeader().getRevision(),
                    event -> event.getType() == Event.EventType.PUT, cancellation)
                .map(put -> LeaderResponse.newBuilder()
                    .setHeader(put.header().toBuilder().setRevision(put.kv().getModRevision()))
                    .setKv(put.kv()).build()))
        .compose(current -> {
          send.accept(current);
          return followLeader(current.getKv().getKey(), current.getHeader().getRevision() + 1,
              send, cancellation);
        })
        .onSuccess(deleted -> observeNext(prefix, send, failed, cancellation))
        .onFailure(failure -> {
          if (!cancellation.isCancelled()) {
            failed.accept(failure);
          }
        });
  }

  /** Sends each change of the leader's key from {@code fromRevision} until it is deleted. */
  private Future<Void> followLeader(ByteString key, long fromRevision,
      Consumer<LeaderResponse> send, Cancellation cancellation) {
    return waits.waitFor(key, fromRevision, event -> true, cancellation).compose(changed -> {
      if (changed.event().getType() == Event.EventType.DELETE) {
        return Future.succeededFuture();
      }
      send.accept(LeaderResponse.newBuilder()
          .setHeader(changed.header()).setKv(changed.kv()).build());
      return followLeader(key, changed.kv().getModRevision() + 1, send, cancellation);
    });
  }

  private static RequestOp put(ByteString key, ByteString value, long lease) {
    return RequestOp.newBuilder()
        .setRequestPut(PutRequest.newBuilder().setKey(key).setValue(value).setLease(lease))
        .build();
  }
}
