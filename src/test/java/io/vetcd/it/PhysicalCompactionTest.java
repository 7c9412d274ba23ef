package io.vetcd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.vetcd.proto.etcdserverpb.CompactionRequest;
import io.vetcd.proto.etcdserverpb.DeleteRangeRequest;
import io.vetcd.proto.etcdserverpb.EtcdKVGrpcClient;
import io.vetcd.proto.etcdserverpb.EtcdMaintenanceGrpcClient;
import io.vetcd.proto.etcdserverpb.HashKVRequest;
import io.vetcd.proto.etcdserverpb.PutRequest;
import io.vetcd.proto.etcdserverpb.RequestOp;
import io.vetcd.proto.etcdserverpb.TxnRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A compaction with {@code physical} set is answered, as etcd answers it, once the obsolete
 * versions are gone. HashKV shows when: at a revision where no key is live it counts every
 * version still stored (etcd's HashByRev), so it changes while a compaction deletes them.
 */
class PhysicalCompactionTest {
  private static final int KEYS = 100;
  private static final int VERSIONS = 100;

  @Test
  void aPhysicalCompactionIsAnsweredWhenItsVersionsAreGone() throws Exception {
    try (ServerProcess server = ServerProcess.startUnderTest("physical");
        EtcdGrpc client = new EtcdGrpc(server.clientPort())) {
      for (int version = 0; version < VERSIONS; version++) {
        TxnRequest.Builder txn = TxnRequest.newBuilder();
        for (int key = 0; key < KEYS; key++) {
          txn.addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder()
              .setKey(EtcdGrpc.bytes("k" + key)).setValue(EtcdGrpc.bytes("v" + version))));
        }
        client.call(EtcdKVGrpcClient.Txn, txn.build()).ok();
      }
      ByteString all = ByteString.copyFrom(new byte[] {0});
      long revision = client.call(EtcdKVGrpcClient.DeleteRange,
          DeleteRangeRequest.newBuilder().setKey(all).setRangeEnd(all).build()).ok()
          .getHeader().getRevision();

      client.call(EtcdKVGrpcClient.Compact,
          CompactionRequest.newBuilder().setRevision(revision).setPhysical(true).build()).ok();
      long answered = hash(client);

      List<Long> later = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        Thread.sleep(200);
        later.add(hash(client));
      }
      assertEquals(List.of(answered, answered, answered, answered, answered), later,
          "HashKV right after the physical compaction's answer, then every 200 ms");
    }
  }

  private static long hash(EtcdGrpc client) {
    return Integer.toUnsignedLong(client.call(EtcdMaintenanceGrpcClient.HashKV,
        HashKVRequest.getDefaultInstance()).ok().getHash());
  }
}
