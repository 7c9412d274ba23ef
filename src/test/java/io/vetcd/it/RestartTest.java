package io.vetcd.it;

import static io.vetcd.it.EtcdGrpc.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vetcd.proto.etcdserverpb.CompactionRequest;
import io.vetcd.proto.etcdserverpb.DeleteRangeRequest;
import io.vetcd.proto.etcdserverpb.EtcdKVGrpcClient;
import io.vetcd.proto.etcdserverpb.RangeRequest;
import io.vetcd.proto.etcdserverpb.RangeResponse;
import io.vetcd.proto.etcdserverpb.ResponseHeader;
import org.junit.jupiter.api.Test;

/** A graceful stop and start keeps the data, the history, the compaction point and the ids. */
class RestartTest {

  @Test
  void stateSurvivesGracefulRestart() throws Exception {
    try (ServerProcess server = ServerProcess.startUnderTest("restart")) {
      long firstRevision;
      ResponseHeader before;
      try (EtcdGrpc grpc = new EtcdGrpc(server.clientPort())) {
        firstRevision = grpc.put("r/a", "1").ok().getHeader().getRevision();
        grpc.put("r/a", "2").ok();
        long compactAt = grpc.put("r/b", "3").ok().getHeader().getRevision();
        grpc.call(EtcdKVGrpcClient.DeleteRange, DeleteRangeRequest.newBuilder()
            .setKey(bytes("r/b")).build()).ok();
        grpc.call(EtcdKVGrpcClient.Compact, CompactionRequest.newBuilder()
            .setRevision(compactAt).build()).ok();
        before = grpc.get("r/a").ok().getHeader();
      }

      assertTrue(server.stop(), "no exit within 15 s of SIGTERM; log: " + server.logFile());
      server.restart();

      try (EtcdGrpc grpc = new EtcdGrpc(server.clientPort())) {
        RangeResponse after = grpc.call(EtcdKVGrpcClient.Range, RangeRequest.newBuilder()
            .setKey(bytes("r/")).setRangeEnd(bytes("r0")).build()).ok();
        assertEquals(before.getRevision(), after.getHeader().getRevision());
        assertEquals(before.getClusterId(), after.getHeader().getClusterId());
        assertEquals(before.getMemberId(), after.getHeader().getMemberId());
        assertEquals(1, after.getCount(), "r/b stays deleted");
        assertEquals("2", after.getKvs(0).getValue().toStringUtf8());
        assertEquals(firstRevision, after.getKvs(0).getCreateRevision());

        GrpcReply<RangeResponse> compacted = grpc.call(EtcdKVGrpcClient.Range, RangeRequest
            .newBuilder().setKey(bytes("r/a")).setRevision(firstRevision).build());
        assertEquals("OUT_OF_RANGE \"etcdserver: mvcc: required revision has been compacted\"",
            compacted.describe());
        RangeResponse atCompaction = grpc.call(EtcdKVGrpcClient.Range, RangeRequest.newBuilder()
            .setKey(bytes("r/b")).setRevision(before.getRevision() - 1).build()).ok();
        assertEquals("3", atCompaction.getKvs(0).getValue().toStringUtf8());

        assertEquals(before.getRevision() + 1,
            grpc.put("r/c", "4").ok().getHeader().getRevision());
      }
    }
  }
}
