package io.vetcd.api;

import com.google.protobuf.Message;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vetcd.bus.Addresses;
import io.vetcd.bus.ProposalResults;
import io.vetcd.bus.Proposals;
import io.vetcd.mvcc.ApplyResult;
import io.vetcd.mvcc.MvccStore;
import io.vetcd.mvcc.RequestValidator;
import io.vetcd.proto.etcdserverpb.CompactionRequest;
import io.vetcd.proto.etcdserverpb.CompactionResponse;
import io.vetcd.proto.etcdserverpb.DeleteRangeRequest;
import io.vetcd.proto.etcdserverpb.DeleteRangeResponse;
import io.vetcd.proto.etcdserverpb.PutRequest;
import io.vetcd.proto.etcdserverpb.PutResponse;
import io.vetcd.proto.etcdserverpb.RangeRequest;
import io.vetcd.proto.etcdserverpb.RangeResponse;
import io.vetcd.proto.etcdserverpb.TxnRequest;
import io.vetcd.proto.etcdserverpb.TxnResponse;
import io.vetcd.proto.vetcdpb.InternalRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * etcd's KV semantics, independent of the protocol that carried the request: validate, then
 * replicate writes through Raft or read the store (after a read barrier unless serializable).
 * gRPC, the JSON gateway and any other adapter call this and only map the result.
 */
public final class KvServer {
  private final EventBus bus;
  private final MvccStore store;
  private final ResponseHeaders headers;
  private final RequestIds ids;
  private final RequestLimits limits;
  private final RequestValidator validator;
  private final DeliveryOptions proposeOptions;
  /** Reads run on their own pool, so a burst of ranges never delays WAL writes or applies. */
  private final WorkerExecutor readers;
  private final TurnBatcher<RangeRequest, RangeResponse> ranges;
  private final TurnBatcher<Void, Long> barriers;
  private final TurnBatcher<InternalRequest, ApplyResult> proposals;

  public KvServer(
      Vertx vertx, MvccStore store, ResponseHeaders headers, RequestIds ids, RequestLimits limits) {
    this.bus = vertx.eventBus();
    this.store = store;
    this.headers = headers;
    this.ids = ids;
    this.limits = limits;
    this.validator = new RequestValidator(limits.maxTxnOps());
    this.readers = vertx.createSharedWorkerExecutor(
        "vetcd-read", 2 * Runtime.getRuntime().availableProcessors());
    this.proposeOptions = new DeliveryOptions().setSendTimeout(limits.requestTimeoutMillis());
    Context context = vertx.getOrCreateContext();
    this.ranges = new TurnBatcher<>(context, this::readAll);
    this.barriers = new TurnBatcher<>(context, this::oneBarrierForAll);
    this.proposals = new TurnBatcher<>(context, this::proposeAll);
  }

  public Future<RangeResponse> range(RangeRequest request) {
    return check(() -> validator.checkRange(request))
        .compose(v -> request.getSerializable() ? Future.succeededFuture() : readBarrier())
        .compose(ignored -> ranges.submit(request))
        .map(response -> response.toBuilder().setHeader(headers.complete(response.getHeader())).build());
  }

  /** The ranges of one turn, read in one worker task (each on its own store snapshot). */
  private Future<List<Future<RangeResponse>>> readAll(List<RangeRequest> requests) {
    return readers.executeBlocking(() -> {
      List<Future<RangeResponse>> responses = new ArrayList<>(requests.size());
      for (RangeRequest request : requests) {
        try {
          responses.add(Future.succeededFuture(store.range(request)));
        } catch (EtcdException e) {
          responses.add(Future.failedFuture(e));
        }
      }
      return responses;
    }, false);
  }

  public Future<PutResponse> put(PutRequest request) {
    return check(() -> validator.checkPut(request))
        .compose(v -> propose(InternalRequest.newBuilder().setPut(request), PutResponse.class))
        .map(r -> r.toBuilder().setHeader(headers.complete(r.getHeader())).build());
  }

  public Future<DeleteRangeResponse> deleteRange(DeleteRangeRequest request) {
    return check(() -> validator.checkDeleteRange(request))
        .compose(v -> propose(InternalRequest.newBuilder().setDeleteRange(request), DeleteRangeResponse.class))
        .map(r -> r.toBuilder().setHeader(headers.complete(r.getHeader())).build());
  }

  public Future<TxnResponse> txn(TxnRequest request) {
    return check(() -> validator.checkTxn(request))
        .compose(v -> propose(InternalRequest.newBuilder().setTxn(request), TxnResponse.class))
        .map(r -> r.toBuilder().setHeader(headers.complete(r.getHeader())).build());
  }

  public Future<CompactionResponse> compact(CompactionRequest request) {
    return propose(InternalRequest.newBuilder().setCompaction(request), CompactionResponse.class)
        .map(r -> r.toBuilder().setHeader(headers.complete(r.getHeader())).build());
  }

  /** Completes once this member has applied everything committed before the call. */
  public Future<Long> readBarrier() {
    return barriers.submit(null);
  }

  /** Reads that arrived in the same turn share one barrier, requested after all of them. */
  private Future<List<Future<Long>>> oneBarrierForAll(List<Void> reads) {
    return bus.<Long>request(Addresses.RAFT_READ_INDEX, null, proposeOptions)
        .recover(KvServer::busFailure)
        .map(reply -> Collections.nCopies(reads.size(), Future.succeededFuture(reply.body())));
  }

  private <T extends Message> Future<T> propose(InternalRequest.Builder request, Class<T> type) {
    InternalRequest internal = request.setId(ids.next()).build();
    if (internal.getSerializedSize() > limits.maxRequestBytes()) {
      return Future.failedFuture(EtcdError.REQUEST_TOO_LARGE.exception());
    }
    return proposals.submit(internal).compose(result -> result.error() != null
        ? Future.failedFuture(result.error().exception())
        : Future.succeededFuture(type.cast(result.response())));
  }

  /** The writes of one turn travel to the Raft verticle, and back, as one message each way. */
  private Future<List<Future<ApplyResult>>> proposeAll(List<InternalRequest> requests) {
    return bus.<ProposalResults>request(Addresses.RAFT_PROPOSE, new Proposals(requests), proposeOptions)
        .recover(KvServer::busFailure)
        .map(reply -> reply.body().results().stream().map(Future::succeededFuture).toList());
  }

  private static Future<Void> check(Runnable validation) {
    try {
      validation.run();
      return Future.succeededFuture();
    } catch (EtcdException e) {
      return Future.failedFuture(e);
    }
  }

  /** A proposal that got no answer in time is, to the client, etcd's request timeout. */
  private static <T> Future<T> busFailure(Throwable failure) {
    return Future.failedFuture(EtcdError.TIMEOUT.exception());
  }
}
