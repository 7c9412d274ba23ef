package io.vetcd.mvcc;

import com.google.protobuf.ByteString;
import io.vetcd.proto.etcdserverpb.CompactionRequest;
import io.vetcd.proto.etcdserverpb.DeleteRangeRequest;
import io.vetcd.proto.etcdserverpb.PutRequest;
import io.vetcd.proto.etcdserverpb.RangeRequest;
import io.vetcd.proto.etcdserverpb.TxnRequest;
import io.vetcd.proto.vetcdpb.InternalRequest;

/** Builders that keep the tests short. */
public final class Requests {
  private Requests() {}

  public static ByteString bytes(String s) {
    return ByteString.copyFromUtf8(s);
  }

  public static PutRequest put(String key, String value) {
    return PutRequest.newBuilder().setKey(bytes(key)).setValue(bytes(value)).build();
  }

  /** A put without value, as clients send it with ignore_value. */
  public static PutRequest.Builder putKeyOnly(String key) {
    return PutRequest.newBuilder().setKey(bytes(key));
  }

  public static RangeRequest get(String key) {
    return RangeRequest.newBuilder().setKey(bytes(key)).build();
  }

  public static RangeRequest range(String key, String end) {
    return RangeRequest.newBuilder().setKey(bytes(key)).setRangeEnd(bytes(end)).build();
  }

  public static DeleteRangeRequest delete(String key) {
    return DeleteRangeRequest.newBuilder().setKey(bytes(key)).build();
  }

  public static DeleteRangeRequest delete(String key, String end) {
    return DeleteRangeRequest.newBuilder().setKey(bytes(key)).setRangeEnd(bytes(end)).build();
  }

  public static InternalRequest internal(long id, PutRequest put) {
    return InternalRequest.newBuilder().setId(id).setPut(put).build();
  }

  public static InternalRequest internal(long id, DeleteRangeRequest delete) {
    return InternalRequest.newBuilder().setId(id).setDeleteRange(delete).build();
  }

  public static InternalRequest internal(long id, TxnRequest txn) {
    return InternalRequest.newBuilder().setId(id).setTxn(txn).build();
  }

  public static InternalRequest compaction(long id, long revision) {
    return InternalRequest.newBuilder().setId(id)
        .setCompaction(CompactionRequest.newBuilder().setRevision(revision)).build();
  }
}
