package io.vetcd.mvcc;

import com.google.protobuf.ByteString;
import io.vetcd.proto.etcdserverpb.Compare;
import io.vetcd.proto.etcdserverpb.DeleteRangeRequest;
import io.vetcd.proto.etcdserverpb.PutRequest;
import io.vetcd.proto.etcdserverpb.RangeRequest;
import io.vetcd.proto.etcdserverpb.RequestOp;
import io.vetcd.proto.etcdserverpb.TxnRequest;
import java.util.Random;

/**
 * Random key-value requests over a small set of awkward keys (zero and 0xFF bytes, keys that are
 * prefixes of others), so that the same keys are written, deleted and read again and again.
 */
public final class RandomRequests {
  private static final ByteString[] KEYS = {
      key(0), key(0, 0), key(0xFF), key(0xFF, 0xFF), key('a'), key('a', 0), key('a', 0xFF),
      key('a', 'a'), key('a', 'b'), key('a', 'b', 'c'), key('b'), key('b', 0), key('c'),
      key('c', 'c'), key('d'), key('z'), key('z', 0xFF),
  };
  private static final ByteString FROM_KEY = key(0);
  public static final long GRANTED_LEASE = 7;

  private final Random random;

  public RandomRequests(Random random) {
    this.random = random;
  }

  private static ByteString key(int... bytes) {
    byte[] out = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = (byte) bytes[i];
    }
    return ByteString.copyFrom(out);
  }

  private ByteString anyKey() {
    return KEYS[random.nextInt(KEYS.length)];
  }

  /** Empty (single key), "\0" (from key) or a key (often below the start: an empty range). */
  private ByteString anyRangeEnd() {
    return switch (random.nextInt(4)) {
      case 0 -> ByteString.EMPTY;
      case 1 -> FROM_KEY;
      default -> anyKey();
    };
  }

  /** 0 (current) or a revision from just below {@code oldest} to just above {@code current}. */
  private long anyRevision(long oldest, long current) {
    return random.nextInt(3) == 0 ? 0 : Math.max(0, oldest - 1) + random.nextLong(current - oldest + 3);
  }

  public PutRequest put() {
    PutRequest.Builder put = PutRequest.newBuilder().setKey(anyKey())
        .setValue(ByteString.copyFromUtf8("v" + random.nextInt(5)))
        .setPrevKv(random.nextBoolean());
    switch (random.nextInt(8)) {
      case 0 -> put.setIgnoreValue(true).clearValue();
      case 1 -> put.setIgnoreLease(true);
      case 2 -> put.setLease(GRANTED_LEASE);
      case 3 -> put.setLease(GRANTED_LEASE + 1);
      default -> { }
    }
    return put.build();
  }

  public DeleteRangeRequest delete() {
    return DeleteRangeRequest.newBuilder().setKey(anyKey())
        .setRangeEnd(random.nextInt(3) == 0 ? anyRangeEnd() : ByteString.EMPTY)
        .setPrevKv(random.nextBoolean()).build();
  }

  /** A read of revisions mostly between {@code oldest} (the compacted one) and {@code current}. */
  public RangeRequest range(long oldest, long current) {
    RangeRequest.Builder range = RangeRequest.newBuilder().setKey(anyKey()).setRangeEnd(anyRangeEnd())
        .setRevision(anyRevision(oldest, current))
        .setKeysOnly(random.nextInt(4) == 0)
        .setCountOnly(random.nextInt(6) == 0);
    if (random.nextBoolean()) {
      range.setLimit(random.nextInt(4));
    }
    if (random.nextInt(3) == 0) {
      range.setSortTargetValue(random.nextInt(5)).setSortOrderValue(random.nextInt(3));
    }
    if (random.nextInt(4) == 0) {
      switch (random.nextInt(4)) {
        case 0 -> range.setMinModRevision(random.nextLong(current + 1));
        case 1 -> range.setMaxModRevision(random.nextLong(current + 1));
        case 2 -> range.setMinCreateRevision(random.nextLong(current + 1));
        default -> range.setMaxCreateRevision(random.nextLong(current + 1));
      }
    }
    return range.build();
  }

  public TxnRequest txn(long oldest, long current, int depth) {
    TxnRequest.Builder txn = TxnRequest.newBuilder();
    for (int i = random.nextInt(3); i > 0; i--) {
      txn.addCompare(compare(current));
    }
    for (int i = random.nextInt(4); i > 0; i--) {
      txn.addSuccess(op(oldest, current, depth));
    }
    for (int i = random.nextInt(3); i > 0; i--) {
      txn.addFailure(op(oldest, current, depth));
    }
    return txn.build();
  }

  private RequestOp op(long oldest, long current, int depth) {
    RequestOp.Builder op = RequestOp.newBuilder();
    switch (random.nextInt(depth > 0 ? 4 : 3)) {
      case 0 -> op.setRequestRange(range(oldest, current));
      case 1 -> op.setRequestPut(put());
      case 2 -> op.setRequestDeleteRange(delete());
      default -> op.setRequestTxn(txn(oldest, current, depth - 1));
    }
    return op.build();
  }

  private Compare compare(long current) {
    Compare.Builder compare = Compare.newBuilder().setKey(anyKey())
        .setResultValue(random.nextInt(4)).setTargetValue(random.nextInt(5));
    if (random.nextInt(4) == 0) {
      compare.setRangeEnd(anyRangeEnd());
    }
    switch (compare.getTarget()) {
      case VERSION -> compare.setVersion(random.nextInt(4));
      case CREATE -> compare.setCreateRevision(random.nextLong(current + 1));
      case MOD -> compare.setModRevision(random.nextLong(current + 1));
      case VALUE -> compare.setValue(ByteString.copyFromUtf8("v" + random.nextInt(5)));
      default -> compare.setLease(random.nextBoolean() ? 0 : GRANTED_LEASE);
    }
    return compare.build();
  }
}
