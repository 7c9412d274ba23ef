package io.vetcd.api.grpc;

import io.vertx.core.Future;
import io.vertx.core.streams.WriteStream;
import io.vertx.grpc.server.GrpcServerResponse;
import io.vetcd.api.Cancellation;
import io.vetcd.api.ElectionServer;
import io.vetcd.proto.v3electionpb.EtcdElectionService;
import io.vetcd.proto.v3electionpb.LeaderRequest;
import io.vetcd.proto.v3electionpb.LeaderResponse;
import io.vetcd.proto.v3electionpb.ProclaimRequest;
import io.vetcd.proto.v3electionpb.ProclaimResponse;
import io.vetcd.proto.v3electionpb.ResignRequest;
import io.vetcd.proto.v3electionpb.ResignResponse;

/**
 * v3electionpb.Election over gRPC: a thin adapter onto {@link ElectionServer}. Campaign itself is
 * bound through {@link CancellableUnary}, since it waits and must learn when its client gives up.
 */
final class ElectionGrpcService extends EtcdElectionService {
  private final ElectionServer elections;

  ElectionGrpcService(ElectionServer elections) {
    this.elections = elections;
  }

  @Override
  public Future<ProclaimResponse> proclaim(ProclaimRequest request) {
    return GrpcErrors.answer(request, elections::proclaim);
  }

  @Override
  public Future<LeaderResponse> leader(LeaderRequest request) {
    return GrpcErrors.answer(request, elections::leader);
  }

  @Override
  public Future<ResignResponse> resign(ResignRequest request) {
    return GrpcErrors.answer(request, elections::resign);
  }

  /** A server stream that lasts until the client cancels it (its watch goes then) or a read
   *  fails. */
  @Override
  @SuppressWarnings("unchecked")
  protected void observe(LeaderRequest request, WriteStream<LeaderResponse> responses) {
    GrpcServerResponse<?, LeaderResponse> call = (GrpcServerResponse<?, LeaderResponse>) responses;
    if (request == null) {
      GrpcErrors.answer(request, r -> Future.<Void>succeededFuture())
          .onFailure(malformed -> call.fail(malformed));
      return;
    }
    Cancellation cancellation = new Cancellation();
    call.exceptionHandler(reset -> cancellation.cancel());
    elections.observe(request,
        leader -> {
          if (!cancellation.isCancelled()) {
            call.write(leader);
          }
        },
        failure -> call.fail(GrpcErrors.toStatus(failure)),
        cancellation);
  }
}
