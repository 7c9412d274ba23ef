package io.vetcd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.vertx.core.Future;
import io.vetcd.bus.Proposer;
import io.vetcd.bus.ReadBarrier;
import io.vetcd.bus.RequestIds;
import io.vetcd.bus.RequestLimits;
import io.vetcd.consensus.SingleMember;
import io.vetcd.errors.EtcdError;
import io.vetcd.errors.EtcdException;
import io.vetcd.proto.etcdserverpb.PutRequest;
import io.vetcd.proto.etcdserverpb.PutResponse;
import io.vetcd.proto.etcdserverpb.RangeRequest;
import io.vetcd.proto.etcdserverpb.RangeResponse;
import io.vetcd.proto.etcdserverpb.RequestOp;
import io.vetcd.proto.etcdserverpb.ResponseHeader;
import io.vetcd.proto.etcdserverpb.TxnRequest;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * KvServer over a running single member: answers carry etcd's full header (the store's revision
 * plus member id, cluster id and Raft term), and each kind of failure comes back as etcd's error,
 * whether the validator, the store on a read or the applier on a write found it.
 */
class KvServerTest {
  private static final RequestLimits LIMITS = new RequestLimits(1 << 20, 128, 10_000);

  @TempDir static Path dir;
  private static SingleMember member;
  private static KvServer kv;

  @BeforeAll
  static void start() throws Exception {
    member = SingleMember.start(dir, 10_000);
    kv = new KvServer(member.vertx, member.store, new ResponseHeaders(member.view),
        new Proposer(member.vertx, new RequestIds(1, 1), LIMITS),
        new ReadBarrier(member.vertx, LIMITS.requestTimeoutMillis()), LIMITS.maxTxnOps());
  }

  @AfterAll
  static void stop() {
    member.close();
  }

  @Test
  void writesAndReadsCarryTheWholeHeader() {
    PutResponse put = kv.put(put("h/k", "v")).await();
    long revision = member.store.currentRevision();
    assertEquals(header(revision), put.getHeader());
    RangeResponse range = kv.range(RangeRequest.newBuilder().setKey(bytes("h/k")).build()).await();
    assertEquals(header(revision), range.getHeader());
    assertEquals("v", range.getKvs(0).getValue().toStringUtf8());
  }

  @Test
  void failuresComeBackAsEtcdErrors() {
    assertEquals(EtcdError.EMPTY_KEY, error(kv.put(put("", "v"))), "found by the validator");
    assertEquals(EtcdError.FUTURE_REV, error(kv.range(RangeRequest.newBuilder().setKey(bytes("e/k"))
        .setRevision(member.store.currentRevision() + 100).build())), "found by the store");
    long before = member.store.currentRevision();
    TxnRequest ignoreMissing = TxnRequest.newBuilder().addSuccess(RequestOp.newBuilder()
        .setRequestPut(PutRequest.newBuilder().setKey(bytes("e/missing")).setIgnoreValue(true))).build();
    assertEquals(EtcdError.KEY_NOT_FOUND, error(kv.txn(ignoreMissing)), "found when applied");
    assertEquals(before, member.store.currentRevision(), "a refused write changes nothing");
  }

  private static ResponseHeader header(long revision) {
    assertTrue(member.view.term() > 0, "a leader's term");
    return ResponseHeader.newBuilder().setRevision(revision).setMemberId(SingleMember.MEMBER_ID)
        .setClusterId(SingleMember.CLUSTER_ID).setRaftTerm(member.view.term()).build();
  }

  private static EtcdError error(Future<?> result) {
    try {
      result.await();
    } catch (EtcdException e) {
      return e.error();
    } catch (CompletionException e) {
      if (e.getCause() instanceof EtcdException etcd) {
        return etcd.error();
      }
      throw e;
    }
    throw new AssertionError("succeeded, but an error was expected");
  }

  private static PutRequest put(String key, String value) {
    return PutRequest.newBuilder().setKey(bytes(key)).setValue(bytes(value)).build();
  }

  private static ByteString bytes(String text) {
    return ByteString.copyFromUtf8(text);
  }
}
