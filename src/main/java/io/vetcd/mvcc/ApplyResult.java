package io.vetcd.mvcc;

import com.google.protobuf.Message;
import io.vetcd.errors.EtcdError;

/**
 * The outcome of applying one committed write: exactly one of {@code response} (PutResponse,
 * DeleteRangeResponse, TxnResponse, CompactionResponse, ...) and {@code error} is set.
 * {@code requestId} is the InternalRequest id that routes it back to the waiting client call.
 */
public record ApplyResult(long requestId, Message response, EtcdError error) {
  public static ApplyResult ok(long requestId, Message response) {
    return new ApplyResult(requestId, response, null);
  }

  public static ApplyResult failed(long requestId, EtcdError error) {
    return new ApplyResult(requestId, null, error);
  }
}
