package io.vetcd.mvcc;

import static io.vetcd.mvcc.Requests.bytes;
import static io.vetcd.mvcc.Requests.delete;
import static io.vetcd.mvcc.Requests.put;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vetcd.errors.EtcdError;
import io.vetcd.errors.EtcdException;
import io.vetcd.proto.etcdserverpb.Compare;
import io.vetcd.proto.etcdserverpb.DeleteRangeRequest;
import io.vetcd.proto.etcdserverpb.PutRequest;
import io.vetcd.proto.etcdserverpb.RangeRequest;
import io.vetcd.proto.etcdserverpb.RequestOp;
import io.vetcd.proto.etcdserverpb.TxnRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The pre-proposal checks of etcd 3.4's etcdserver/api/v3rpc/key.go. */
class RequestValidatorTest {
  private final RequestValidator validator = new RequestValidator();

  private static void assertFails(EtcdError expected, Executable check) {
    assertEquals(expected, assertThrows(EtcdException.class, check).error());
  }

  private static RequestOp op(PutRequest put) {
    return RequestOp.newBuilder().setRequestPut(put).build();
  }

  private static RequestOp op(DeleteRangeRequest delete) {
    return RequestOp.newBuilder().setRequestDeleteRange(delete).build();
  }

  private static RequestOp op(TxnRequest txn) {
    return RequestOp.newBuilder().setRequestTxn(txn).build();
  }

  private static TxnRequest success(RequestOp... ops) {
    return TxnRequest.newBuilder().addAllSuccess(List.of(ops)).build();
  }

  private static TxnRequest branches(List<RequestOp> success, List<RequestOp> failure) {
    return TxnRequest.newBuilder().addAllSuccess(success).addAllFailure(failure).build();
  }

  @Test
  void everyRequestNeedsAKey() {
    assertFails(EtcdError.EMPTY_KEY, () -> validator.checkRange(RangeRequest.getDefaultInstance()));
    assertFails(EtcdError.EMPTY_KEY, () -> validator.checkPut(put("", "v")));
    assertFails(EtcdError.EMPTY_KEY, () -> validator.checkDeleteRange(delete("")));
    assertFails(EtcdError.EMPTY_KEY, () -> validator.checkTxn(TxnRequest.newBuilder()
        .addCompare(Compare.newBuilder().setVersion(1)).build()));
    assertFails(EtcdError.EMPTY_KEY, () -> validator.checkTxn(success(op(put("", "v")))));
  }

  @Test
  void ignoreFlagsRefuseWhatTheyIgnore() {
    assertFails(EtcdError.VALUE_PROVIDED,
        () -> validator.checkPut(put("k", "v").toBuilder().setIgnoreValue(true).build()));
    assertFails(EtcdError.LEASE_PROVIDED,
        () -> validator.checkPut(put("k", "").toBuilder().setIgnoreLease(true).setLease(3).build()));
    assertDoesNotThrow(() -> validator.checkPut(
        put("k", "").toBuilder().setIgnoreValue(true).setIgnoreLease(true).build()));
  }

  @Test
  void emptyOperationIsKeyNotFound() {
    assertFails(EtcdError.KEY_NOT_FOUND, () -> validator.checkTxn(success(RequestOp.getDefaultInstance())));
  }

  @Test
  void tooManyOperationsCountsTheLargestList() {
    RequestValidator small = new RequestValidator(2);
    RequestOp read = RequestOp.newBuilder().setRequestRange(RangeRequest.newBuilder().setKey(bytes("k"))).build();
    assertDoesNotThrow(() -> small.checkTxn(branches(List.of(read, read), List.of(read, read))));
    assertFails(EtcdError.TOO_MANY_OPS, () -> small.checkTxn(success(read, read, read)));
    Compare compare = Compare.newBuilder().setKey(bytes("k")).build();
    assertFails(EtcdError.TOO_MANY_OPS, () -> small.checkTxn(
        TxnRequest.newBuilder().addCompare(compare).addCompare(compare).addCompare(compare).build()));
    // A nested txn gets what the parent's largest list left: 2 - 1 = 1 here.
    assertFails(EtcdError.TOO_MANY_OPS, () -> small.checkTxn(success(op(success(read, read)))));
    assertDoesNotThrow(() -> small.checkTxn(success(op(success(read)))));
  }

  @Test
  void aKeyWrittenTwiceOnOnePathIsADuplicate() {
    assertFails(EtcdError.DUPLICATE_KEY, () -> validator.checkTxn(success(op(put("a", "1")), op(put("a", "2")))));
    assertFails(EtcdError.DUPLICATE_KEY, () -> validator.checkTxn(success(op(put("a", "1")), op(delete("a")))));
    assertFails(EtcdError.DUPLICATE_KEY, () -> validator.checkTxn(success(op(put("b", "1")), op(delete("a", "c")))));
    assertFails(EtcdError.DUPLICATE_KEY,
        () -> validator.checkTxn(success(op(put("a", "1")), op(success(op(put("a", "2")))))));
    assertFails(EtcdError.DUPLICATE_KEY,
        () -> validator.checkTxn(success(op(delete("a")), op(success(op(put("a", "2")))))));
    assertFails(EtcdError.DUPLICATE_KEY,
        () -> validator.checkTxn(success(op(put("a", "1")), op(success(op(delete("a")))))));
  }

  @Test
  void writesThatCannotMeetAreAllowed() {
    assertDoesNotThrow(() -> validator.checkTxn(success(op(put("a", "1")), op(delete("b", "c")))));
    assertDoesNotThrow(() -> validator.checkTxn(success(op(put("c", "1")), op(delete("a", "c")))));
    assertDoesNotThrow(() -> validator.checkTxn(success(op(delete("a")), op(delete("a")))));
    // Success and failure lists are separate paths.
    assertDoesNotThrow(() -> validator.checkTxn(branches(List.of(op(put("a", "1"))), List.of(op(put("a", "2"))))));
    // So are the two branches of a nested txn.
    assertDoesNotThrow(() -> validator.checkTxn(success(op(
        branches(List.of(op(put("a", "1"))), List.of(op(put("a", "2"))))))));
  }

  @Test
  void fromKeyDeleteConflictsWithNoPutAsInEtcd34() {
    // etcd 3.4 takes range_end "\0" literally in this check (verified against etcd 3.4.23).
    DeleteRangeRequest fromA = DeleteRangeRequest.newBuilder()
        .setKey(bytes("a")).setRangeEnd(bytes("\0")).build();
    assertDoesNotThrow(() -> validator.checkTxn(success(op(put("zzz", "1")), op(fromA))));
  }
}
