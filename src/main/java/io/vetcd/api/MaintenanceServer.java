package io.vetcd.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vetcd.config.Versions;
import io.vetcd.bus.Addresses;
import io.vetcd.bus.RaftStatus;
import io.vetcd.mvcc.MvccStore;
import io.vetcd.errors.EtcdError;
import io.vetcd.proto.etcdserverpb.HashKVResponse;
import io.vetcd.proto.etcdserverpb.MoveLeaderResponse;
import io.vetcd.proto.etcdserverpb.StatusResponse;

/** Member status (etcdctl endpoint status), the store's hash (etcdctl endpoint hashkv) and
 *  leadership moves (etcdctl move-leader), independent of the protocol that asked. */
public final class MaintenanceServer {
  private final Vertx vertx;
  private final EventBus bus;
  private final MvccStore store;
  private final ResponseHeaders headers;

  public MaintenanceServer(Vertx vertx, MvccStore store, ResponseHeaders headers) {
    this.vertx = vertx;
    this.bus = vertx.eventBus();
    this.store = store;
    this.headers = headers;
  }

  /** Hands leadership to {@code transferee}, as etcd: from the leader, to a voting member. */
  public Future<MoveLeaderResponse> moveLeader(long transferee) {
    return bus.request(Addresses.RAFT_MOVE_LEADER, transferee)
        .recover(failure -> Future.failedFuture(failure instanceof ReplyException refusal
            && refusal.failureType() == ReplyFailure.RECIPIENT_FAILURE
                ? EtcdError.valueOf(refusal.getMessage()).exception()
                : EtcdError.TIMEOUT.exception()))
        .map(done -> MoveLeaderResponse.newBuilder()
            .setHeader(headers.at(store.currentRevision())).build());
  }

  /** etcd's HashKV: the hash of the key history up to {@code revision} (0: current), see MvccStore. */
  public Future<HashKVResponse> hashKv(long revision) {
    return vertx.executeBlocking(() -> store.hashKv(revision), false)
        .map(hash -> HashKVResponse.newBuilder()
            .setHeader(headers.at(hash.currentRevision()))
            .setHash((int) hash.hash())
            .setCompactRevision(hash.compactRevision())
            .build());
  }

  public Future<StatusResponse> status() {
    Future<RaftStatus> raft = bus.<RaftStatus>request(Addresses.RAFT_STATUS, null).map(m -> m.body());
    Future<Long> size = vertx.executeBlocking(store::sizeBytes, false);
    return Future.all(raft, size).map(all -> {
      RaftStatus r = raft.result();
      return StatusResponse.newBuilder()
          .setHeader(headers.at(store.currentRevision()))
          .setVersion(Versions.ETCD_SERVER)
          .setDbSize(size.result())
          .setDbSizeInUse(size.result())
          .setLeader(r.leaderId())
          .setRaftIndex(r.commitIndex())
          .setRaftTerm(r.term())
          .setRaftAppliedIndex(r.appliedIndex())
          .setIsLearner(r.learner())
          .build();
    });
  }
}
