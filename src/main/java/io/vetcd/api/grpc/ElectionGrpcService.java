package io.vetcd.api.grpc;

import io.vertx.core.Future;
import io.vertx.core.streams.WriteStream;
import io.vertx.grpc.server.GrpcServerResponse;
import io.vetcd.api.ElectionServer;
import io.vetcd.proto.v3electionpb.CampaignRequest;
import io.vetcd.proto.v3electionpb.CampaignResponse;
import io.vetcd.proto.v3electionpb.EtcdElectionService;
import io.vetcd.proto.v3electionpb.LeaderRequest;
import io.vetcd.proto.v3electionpb.LeaderResponse;
import io.vetcd.proto.v3electionpb.ProclaimRequest;
import io.vetcd.proto.v3electionpb.ProclaimResponse;
import io.vetcd.proto.v3electionpb.ResignRequest;
import io.vetcd.proto.v3electionpb.ResignResponse;

/** v3electionpb.Election over gRPC: a thin adapter onto {@link ElectionServer}. */
final class ElectionGrpcService extends EtcdElectionService {
  private final ElectionServer elections;

  ElectionGrpcService(ElectionServer elections) {
    this.elections = elections;
  }

  @Override
  public Future<CampaignResponse> campaign(CampaignRequest request) {
    return GrpcErrors.answer(request, elections::campaign);
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

  /** A server stream that lasts until the client cancels it (or a read fails). */
  @Override
  @SuppressWarnings("unchecked")
  protected void observe(LeaderRequest request, WriteStream<LeaderResponse> responses) {
    GrpcServerResponse<?, LeaderResponse> call = (GrpcServerResponse<?, LeaderResponse>) responses;
    if (request == null) {
      GrpcErrors.answer(request, r -> Future.<Void>succeededFuture())
          .onFailure(malformed -> call.fail(malformed));
      return;
    }
    boolean[] closed = {false};
    call.exceptionHandler(reset -> closed[0] = true);
    elections.observe(request, call::write, new ElectionServer.Observation() {
      @Override
      public boolean closed() {
        return closed[0];
      }

      @Override
      public void fail(Throwable failure) {
        if (!closed[0]) {
          closed[0] = true;
          call.fail(GrpcErrors.toStatus(failure));
        }
      }
    });
  }
}
