package io.vetcd.it;

import static io.vetcd.it.EtcdGrpc.bytes;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import io.vertx.grpc.common.ServiceMethod;
import io.vetcd.proto.etcdserverpb.CompactionRequest;
import io.vetcd.proto.etcdserverpb.Compare;
import io.vetcd.proto.etcdserverpb.DeleteRangeRequest;
import io.vetcd.proto.etcdserverpb.EtcdKVGrpcClient;
import io.vetcd.proto.etcdserverpb.PutRequest;
import io.vetcd.proto.etcdserverpb.RangeRequest;
import io.vetcd.proto.etcdserverpb.RequestOp;
import io.vetcd.proto.etcdserverpb.TxnRequest;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;

/**
 * Random KV requests over a small key space, so that keys collide, histories grow, ranges overlap
 * and every option of Range, Put, DeleteRange, Txn and Compact meets the others. Revisions are
 * drawn around the current one, so some are compacted and some lie in the future.
 */
final class RandomKvRequests {
  /**
   * At most 12 keys: etcd sorts with Go's sort.Sort, which is stable only up to 12 elements
   * (insertion sort); beyond that the order of ties is an accident of its quicksort.
   */
  private static final List<ByteString> KEYS = List.of(bytes("a"), bytes("a/1"), bytes("a/2"),
      bytes("b"), bytes("b/x"), bytes("c"), bytes("k0"), bytes("k1"), bytes("k2"), bytes("k3"),
      ByteString.copyFrom(new byte[] {'a', 0}), ByteString.copyFrom(new byte[] {(byte) 0xff}));
  private static final long UNKNOWN_LEASE = 0x1234abcdL;

  /** One request, printable, and how to send it to a member. */
  record KvCall(String text, Function<EtcdGrpc, GrpcReply<? extends Message>> send) {}

  private final Random random;
  private long currentRevision = 1;

  RandomKvRequests(Random random) {
    this.random = random;
  }

  /** Tells the generator the revision a member reported, to aim revisions around it. */
  void observe(long revision) {
    currentRevision = Math.max(currentRevision, revision);
  }

  KvCall next() {
    int dice = random.nextInt(100);
    if (dice < 30) {
      return call(EtcdKVGrpcClient.Put, put(true));
    } else if (dice < 60) {
      return call(EtcdKVGrpcClient.Range, range());
    } else if (dice < 72) {
      return call(EtcdKVGrpcClient.DeleteRange, deleteRange());
    } else if (dice < 96) {
      return call(EtcdKVGrpcClient.Txn, txn());
    }
    return call(EtcdKVGrpcClient.Compact, CompactionRequest.newBuilder()
        .setRevision(1 + random.nextInt((int) currentRevision + 1))
        .setPhysical(random.nextBoolean()).build());
  }

  private static <Req extends Message, Resp extends Message> KvCall call(
      ServiceMethod<Resp, Req> method, Req request) {
    String text = method.methodName() + " " + TextFormat.printer().emittingSingleLine(true)
        .printToString(request);
    return new KvCall(text, grpc -> grpc.call(method, request));
  }

  /**
   * A put; `mayIgnore` allows ignore_value/ignore_lease, which only top-level puts use: etcd 3.4
   * checks them before a txn runs, so a txn that deletes the key first and then puts it with
   * ignore_value panics the real etcd (and it panics again replaying its WAL).
   */
  private PutRequest put(boolean mayIgnore) {
    PutRequest.Builder put = PutRequest.newBuilder().setKey(key())
        .setPrevKv(random.nextBoolean());
    int variant = mayIgnore ? random.nextInt(20) : 2 + random.nextInt(18);
    if (variant == 0) {
      put.setIgnoreValue(true);
    } else if (variant == 1) {
      put.setIgnoreLease(true).setValue(value());
    } else if (variant == 2) {
      put.setLease(UNKNOWN_LEASE).setValue(value());
    } else {
      put.setValue(value());
    }
    return put.build();
  }

  private RangeRequest range() {
    RangeRequest.Builder range = RangeRequest.newBuilder().setKey(key());
    rangeEnd(range.getKey()).ifPresent(range::setRangeEnd);
    if (random.nextInt(4) == 0) {
      range.setLimit(1 + random.nextInt(4));
    }
    if (random.nextInt(3) == 0) {
      range.setRevision(revision());
    }
    range.setSortOrderValue(random.nextInt(3)).setSortTargetValue(random.nextInt(5));
    range.setKeysOnly(random.nextInt(4) == 0).setCountOnly(random.nextInt(6) == 0)
        .setSerializable(random.nextBoolean());
    if (random.nextInt(6) == 0) {
      range.setMinModRevision(revision());
    }
    if (random.nextInt(6) == 0) {
      range.setMaxModRevision(revision());
    }
    if (random.nextInt(6) == 0) {
      range.setMinCreateRevision(revision());
    }
    if (random.nextInt(6) == 0) {
      range.setMaxCreateRevision(revision());
    }
    return range.build();
  }

  private DeleteRangeRequest deleteRange() {
    DeleteRangeRequest.Builder delete = DeleteRangeRequest.newBuilder().setKey(key())
        .setPrevKv(random.nextBoolean());
    rangeEnd(delete.getKey()).ifPresent(delete::setRangeEnd);
    return delete.build();
  }

  private TxnRequest txn() {
    TxnRequest.Builder txn = TxnRequest.newBuilder();
    for (int i = random.nextInt(4); i > 0; i--) {
      txn.addCompare(compare());
    }
    for (int i = random.nextInt(4); i > 0; i--) {
      txn.addSuccess(requestOp());
    }
    for (int i = random.nextInt(3); i > 0; i--) {
      txn.addFailure(requestOp());
    }
    return txn.build();
  }

  private Compare compare() {
    Compare.Builder compare = Compare.newBuilder().setKey(key())
        .setResultValue(random.nextInt(4));
    if (random.nextInt(8) == 0) {
      rangeEnd(compare.getKey()).ifPresent(compare::setRangeEnd);
    }
    switch (random.nextInt(5)) {
      case 0 -> compare.setTarget(Compare.CompareTarget.VERSION).setVersion(random.nextInt(4));
      case 1 -> compare.setTarget(Compare.CompareTarget.CREATE).setCreateRevision(revision());
      case 2 -> compare.setTarget(Compare.CompareTarget.MOD).setModRevision(revision());
      case 3 -> compare.setTarget(Compare.CompareTarget.VALUE).setValue(value());
      default -> compare.setTarget(Compare.CompareTarget.LEASE).setLease(0);
    }
    return compare.build();
  }

  private RequestOp requestOp() {
    return switch (random.nextInt(7)) {
      case 0, 1, 2 -> RequestOp.newBuilder().setRequestPut(put(false)).build();
      case 3, 4 -> RequestOp.newBuilder().setRequestRange(range()).build();
      case 5 -> RequestOp.newBuilder().setRequestDeleteRange(deleteRange()).build();
      default -> RequestOp.newBuilder().setRequestTxn(TxnRequest.newBuilder()
          .addCompare(compare()).addSuccess(RequestOp.newBuilder().setRequestRange(range()))
          .build()).build();
    };
  }

  /** One of the keys (binary ones too); now and then the empty key, which etcd rejects. */
  private ByteString key() {
    return random.nextInt(40) == 0 ? ByteString.EMPTY : KEYS.get(random.nextInt(KEYS.size()));
  }

  private ByteString value() {
    return random.nextInt(10) == 0 ? ByteString.EMPTY : bytes("v" + random.nextInt(5));
  }

  /** None (one key), a prefix end, "\0" (from the key on), or another key, maybe before it. */
  private Optional<ByteString> rangeEnd(ByteString key) {
    return switch (random.nextInt(4)) {
      case 0 -> Optional.empty();
      case 1 -> Optional.of(prefixEnd(key));
      case 2 -> Optional.of(ByteString.copyFrom(new byte[] {0}));
      default -> Optional.of(KEYS.get(random.nextInt(KEYS.size())));
    };
  }

  private static ByteString prefixEnd(ByteString key) {
    if (key.isEmpty()) {
      return ByteString.copyFrom(new byte[] {0});
    }
    byte[] end = key.toByteArray();
    end[end.length - 1]++;
    return ByteString.copyFrom(end);
  }

  /** Around the current revision: mostly in the past, sometimes 0 (latest) or in the future. */
  private long revision() {
    return random.nextInt((int) currentRevision + 3);
  }
}
