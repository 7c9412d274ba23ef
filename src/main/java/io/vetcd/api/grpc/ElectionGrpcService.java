package io.vetcd.api.grpc;

import io.vertx.core.Future;
import io.vertx.grpc.server.GrpcServerRequest;
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
 * v3electionpb.Election over gRPC: a thin adapter onto {@link ElectionServer}. Campaign and
 * Observe are bound through {@link ClientCancels}, since they wait and must learn when their
 * client gives up.
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

  /**
   * A server stream that lasts until the client cancels it (its watch goes then) or a read fails.
   * Bound through {@link ClientCancels} too: the generated handler gives it no request to learn a
   * cancel from.
   */
  void observe(GrpcServerRequest<LeaderRequest, LeaderResponse> call) {
    Cancellation cancellation = ClientCancels.of(call);
    call.handler(request -> {
      if (request == null) {
        GrpcErrors.answer(request, r -> Future.<Void>succeededFuture())
            .onFailure(malformed -> call.response().fail(malformed));
        return;
      }
      elections.observe(request,
          leader -> {
            if (!cancellation.isCancelled()) {
              call.response().write(leader);
            }
          },
          failure -> call.response().fail(GrpcErrors.toStatus(failure)),
          cancellation);
    });
  }
}
