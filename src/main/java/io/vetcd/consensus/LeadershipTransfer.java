package io.vetcd.consensus;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vetcd.errors.EtcdError;
import io.vetcd.errors.EtcdException;
import io.vetcd.proto.etcdserverpb.Member;
import io.vetcd.raft.RaftCore;

/**
 * Maintenance.MoveLeader on the Raft driver's loop, as etcd's server does it: only the leader
 * moves leadership, only to a voting member; the core is asked to transfer, and the answer waits,
 * checking once a tick, until the transferee leads or the time is up.
 */
final class LeadershipTransfer {
  private final Vertx vertx;
  private final RaftCore core;
  private final long tickMillis;
  private final long timeoutMillis;

  LeadershipTransfer(Vertx vertx, RaftCore core, long tickMillis, long timeoutMillis) {
    this.vertx = vertx;
    this.core = core;
    this.tickMillis = tickMillis;
    this.timeoutMillis = timeoutMillis;
  }

  /** {@code request}'s body is the transferee's id; the reply is empty, or an EtcdException. */
  void start(Message<Long> request, long selfId, ClusterMembers members) {
    long transferee = request.body();
    if (core.status().leader() != selfId) {
      fail(request, EtcdError.NOT_LEADER);
      return;
    }
    if (members.member(transferee).map(Member::getIsLearner).orElse(true)) {
      fail(request, EtcdError.BAD_LEADER_TRANSFEREE);
      return;
    }
    core.transferLeader(transferee);
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    awaitLeader(request, transferee, deadline);
  }

  private void awaitLeader(Message<Long> request, long transferee, long deadlineNanos) {
    if (core.status().leader() == transferee) {
      request.reply(null);
    } else if (System.nanoTime() - deadlineNanos >= 0) {
      fail(request, EtcdError.LEADER_TRANSFER_TIMEOUT);
    } else {
      vertx.setTimer(tickMillis, t -> awaitLeader(request, transferee, deadlineNanos));
    }
  }

  private static void fail(Message<Long> request, EtcdError error) {
    request.fail(error.code.number, error.name());
  }
}
