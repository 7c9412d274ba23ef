package io.vetcd.mvcc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.vetcd.errors.EtcdError;
import io.vetcd.errors.EtcdException;
import io.vetcd.proto.etcdserverpb.Compare;
import io.vetcd.proto.etcdserverpb.CompactionRequest;
import io.vetcd.proto.etcdserverpb.CompactionResponse;
import io.vetcd.proto.etcdserverpb.DeleteRangeRequest;
import io.vetcd.proto.etcdserverpb.DeleteRangeResponse;
import io.vetcd.proto.etcdserverpb.PutRequest;
import io.vetcd.proto.etcdserverpb.PutResponse;
import io.vetcd.proto.etcdserverpb.RangeRequest;
import io.vetcd.proto.etcdserverpb.RangeResponse;
import io.vetcd.proto.etcdserverpb.RequestOp;
import io.vetcd.proto.etcdserverpb.ResponseHeader;
import io.vetcd.proto.etcdserverpb.ResponseOp;
import io.vetcd.proto.etcdserverpb.TxnRequest;
import io.vetcd.proto.etcdserverpb.TxnResponse;
import io.vetcd.proto.mvccpb.Event;
import io.vetcd.proto.mvccpb.KeyValue;
import io.vetcd.proto.vetcdpb.InternalRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.LongPredicate;

/**
 * etcd 3.4's key-value semantics written from scratch, as plainly as possible, to check the real
 * store against: a map from key to the list of all its versions, and a list of every change.
 * It shares nothing with {@link KvApplier} or {@link RangeExecutor}; it is slow and has no
 * indexes. The rules follow etcd 3.4's applier (server/etcdserver/apply.go) and mvcc store; the
 * one deliberate difference is vetcd's: a txn whose ignore_value/ignore_lease put finds its key
 * deleted earlier in the same txn is refused as a whole (etcd 3.4 panics there).
 */
public final class SimpleEtcdModel {
  /** One version of a key: kv is null for a deletion. */
  private record Version(long revision, KeyValue kv) {}

  private static final Comparator<ByteString> BYTES = ByteString.unsignedLexicographicalComparator();

  private TreeMap<ByteString, List<Version>> keys = new TreeMap<>(BYTES);
  private List<Event> changes = new ArrayList<>();
  private final LongPredicate leaseExists;
  private long revision = 1;
  private long compacted;

  public SimpleEtcdModel(LongPredicate leaseExists) {
    this.leaseExists = leaseExists;
  }

  public long currentRevision() {
    return revision;
  }

  public long compactedRevision() {
    return compacted;
  }

  /** Applies one committed request; a refused one changes nothing and throws its error. */
  public Message apply(InternalRequest request) {
    if (request.hasPut()) {
      PutRequest put = request.getPut();
      if (put.getLease() != 0 && !leaseExists.test(put.getLease())) {
        throw EtcdError.LEASE_NOT_FOUND.exception();
      }
      return atomically(write -> write.put(put));
    } else if (request.hasDeleteRange()) {
      return atomically(write -> write.delete(request.getDeleteRange()));
    } else if (request.hasTxn()) {
      return txn(request.getTxn());
    } else if (request.hasCompaction()) {
      return compact(request.getCompaction());
    }
    throw new IllegalArgumentException("no request in " + request);
  }

  /** A range read outside any write, as a serializable or linearizable Range RPC does it. */
  public RangeResponse range(RangeRequest request) {
    return new Write().range(request);
  }

  /** Every change with revision in [from, to], oldest first, as watch events. */
  public List<Event> events(long from, long to) {
    return changes.stream().filter(event -> event.getKv().getModRevision() >= from
        && event.getKv().getModRevision() <= to).toList();
  }

  /**
   * How many versions a fully compacted store keeps: all after the compacted revision, plus the
   * one each key had at it unless that was a deletion.
   */
  public long versionsKept() {
    long kept = 0;
    for (List<Version> versions : keys.values()) {
      Version atCompaction = null;
      for (Version version : versions) {
        if (version.revision() > compacted) {
          kept++;
        } else {
          atCompaction = version;
        }
      }
      if (atCompaction != null && atCompaction.kv() != null) {
        kept++;
      }
    }
    return kept;
  }

  private CompactionResponse compact(CompactionRequest request) {
    if (request.getRevision() <= compacted) {
      throw EtcdError.COMPACTED.exception();
    }
    if (request.getRevision() > revision) {
      throw EtcdError.FUTURE_REV.exception();
    }
    compacted = request.getRevision();
    return CompactionResponse.newBuilder().setHeader(header(revision)).build();
  }

  private TxnResponse txn(TxnRequest request) {
    // etcd decides every branch, and checks every chosen put and range, against the state
    // before the txn, then applies.
    List<Boolean> branches = new ArrayList<>();
    choose(request, branches);
    checkPuts(request, branches.iterator());
    checkRanges(request, branches.iterator());
    return atomically(write -> write.txn(request, branches.iterator()));
  }

  private void choose(TxnRequest request, List<Boolean> branches) {
    boolean succeeded = request.getCompareList().stream().allMatch(this::holds);
    branches.add(succeeded);
    for (RequestOp op : succeeded ? request.getSuccessList() : request.getFailureList()) {
      if (op.hasRequestTxn()) {
        choose(op.getRequestTxn(), branches);
      }
    }
  }

  private void checkPuts(TxnRequest request, Iterator<Boolean> branches) {
    for (RequestOp op : chosen(request, branches.next())) {
      if (op.hasRequestTxn()) {
        checkPuts(op.getRequestTxn(), branches);
      } else if (op.hasRequestPut()) {
        PutRequest put = op.getRequestPut();
        if ((put.getIgnoreValue() || put.getIgnoreLease()) && live(put.getKey(), revision) == null) {
          throw EtcdError.KEY_NOT_FOUND.exception();
        }
        if (put.getLease() != 0 && !leaseExists.test(put.getLease())) {
          throw EtcdError.LEASE_NOT_FOUND.exception();
        }
      }
    }
  }

  private void checkRanges(TxnRequest request, Iterator<Boolean> branches) {
    for (RequestOp op : chosen(request, branches.next())) {
      if (op.hasRequestTxn()) {
        checkRanges(op.getRequestTxn(), branches);
      } else if (op.hasRequestRange()) {
        long at = op.getRequestRange().getRevision();
        if (at > revision) {
          throw EtcdError.FUTURE_REV.exception();
        }
        if (at != 0 && at < compacted) {
          throw EtcdError.COMPACTED.exception();
        }
      }
    }
  }

  private static List<RequestOp> chosen(TxnRequest request, boolean succeeded) {
    return succeeded ? request.getSuccessList() : request.getFailureList();
  }

  /** A compare holds for every key in its range; for no key, it compares an empty version. */
  private boolean holds(Compare compare) {
    List<KeyValue> found = liveIn(compare.getKey(), compare.getRangeEnd(), revision);
    if (found.isEmpty()) {
      // etcd: a value compare on a missing key always fails (no way to say "no value").
      return compare.getTarget() != Compare.CompareTarget.VALUE
          && holds(compare, KeyValue.getDefaultInstance());
    }
    return found.stream().allMatch(kv -> holds(compare, kv));
  }

  private static boolean holds(Compare compare, KeyValue kv) {
    int order = switch (compare.getTarget()) {
      case VERSION -> Long.compare(kv.getVersion(), compare.getVersion());
      case CREATE -> Long.compare(kv.getCreateRevision(), compare.getCreateRevision());
      case MOD -> Long.compare(kv.getModRevision(), compare.getModRevision());
      case VALUE -> BYTES.compare(kv.getValue(), compare.getValue());
      case LEASE -> Long.compare(kv.getLease(), compare.getLease());
      default -> throw new IllegalArgumentException(compare.toString());
    };
    return switch (compare.getResult()) {
      case EQUAL -> order == 0;
      case NOT_EQUAL -> order != 0;
      case GREATER -> order > 0;
      case LESS -> order < 0;
      default -> throw new IllegalArgumentException(compare.toString());
    };
  }

  /** Runs a write on copies of the state and keeps them only if it throws nothing. */
  private <T> T atomically(Function<Write, T> body) {
    TreeMap<ByteString, List<Version>> keysBefore = new TreeMap<>(BYTES);
    keys.forEach((key, versions) -> keysBefore.put(key, new ArrayList<>(versions)));
    List<Event> changesBefore = new ArrayList<>(changes);
    Write write = new Write();
    try {
      T result = body.apply(write);
      if (write.changed) {
        revision++;
      }
      return result;
    } catch (EtcdException refused) {
      keys = keysBefore;
      changes = changesBefore;
      throw refused;
    }
  }

  /** The newest version of {@code key} at {@code at}, or null if it did not exist then. */
  private KeyValue live(ByteString key, long at) {
    KeyValue found = null;
    for (Version version : keys.getOrDefault(key, List.of())) {
      if (version.revision() <= at) {
        found = version.kv();
      }
    }
    return found;
  }

  /** Keys in [key, end) alive at {@code at}, in key order; end "" is the key alone, "\0" is no end. */
  private List<KeyValue> liveIn(ByteString key, ByteString end, long at) {
    List<KeyValue> found = new ArrayList<>();
    for (ByteString candidate : keys.keySet()) {
      boolean inRange = end.isEmpty() ? candidate.equals(key)
          : BYTES.compare(candidate, key) >= 0
              && (end.equals(ByteString.copyFrom(new byte[] {0})) || BYTES.compare(candidate, end) < 0);
      KeyValue kv = inRange ? live(candidate, at) : null;
      if (kv != null) {
        found.add(kv);
      }
    }
    return found;
  }

  private static ResponseHeader header(long revision) {
    return ResponseHeader.newBuilder().setRevision(revision).build();
  }

  /** One write (a put, a delete or a whole txn): all its changes share the next revision. */
  private final class Write {
    private boolean changed;

    /** Reads see the write's own changes, as etcd's write txn does. */
    private long readRevision() {
      return changed ? revision + 1 : revision;
    }

    RangeResponse range(RangeRequest request) {
      long current = readRevision();
      long at = request.getRevision() <= 0 ? current : request.getRevision();
      if (at > current) {
        throw EtcdError.FUTURE_REV.exception();
      }
      if (at < compacted) {
        throw EtcdError.COMPACTED.exception();
      }
      List<KeyValue> found = liveIn(request.getKey(), request.getRangeEnd(), at);
      RangeResponse.Builder response = RangeResponse.newBuilder().setHeader(header(current))
          .setCount(found.size()); // all keys in the range, before any filter or limit
      if (request.getCountOnly()) {
        return response.build();
      }
      boolean filtered = request.getMinModRevision() != 0 || request.getMaxModRevision() != 0
          || request.getMinCreateRevision() != 0 || request.getMaxCreateRevision() != 0;
      if (request.getLimit() > 0 && request.getSortOrder() == RangeRequest.SortOrder.NONE && !filtered) {
        // etcd's quirk: without a sort order or filter it reads only limit + 1 keys, in key order,
        // before it sorts by a non-key target (sorting ascending by default, see sort below).
        found = found.subList(0, (int) Math.min(found.size(), request.getLimit() + 1));
      }
      List<KeyValue> kept = new ArrayList<>(found.stream().filter(kv ->
          (request.getMinModRevision() == 0 || kv.getModRevision() >= request.getMinModRevision())
          && (request.getMaxModRevision() == 0 || kv.getModRevision() <= request.getMaxModRevision())
          && (request.getMinCreateRevision() == 0 || kv.getCreateRevision() >= request.getMinCreateRevision())
          && (request.getMaxCreateRevision() == 0 || kv.getCreateRevision() <= request.getMaxCreateRevision()))
          .toList());
      sort(kept, request);
      if (request.getLimit() > 0 && kept.size() > request.getLimit()) {
        kept = kept.subList(0, (int) request.getLimit());
        response.setMore(true);
      }
      for (KeyValue kv : kept) {
        response.addKvs(request.getKeysOnly() ? kv.toBuilder().clearValue().build() : kv);
      }
      return response.build();
    }

    /** etcd sorts ascending by default when the target is not the key; ties keep key order. */
    private void sort(List<KeyValue> kvs, RangeRequest request) {
      RangeRequest.SortOrder order = request.getSortOrder();
      if (order == RangeRequest.SortOrder.NONE && request.getSortTarget() != RangeRequest.SortTarget.KEY) {
        order = RangeRequest.SortOrder.ASCEND;
      }
      if (order == RangeRequest.SortOrder.NONE) {
        return;
      }
      Comparator<KeyValue> by = switch (request.getSortTarget()) {
        case KEY -> Comparator.comparing(KeyValue::getKey, BYTES);
        case VERSION -> Comparator.comparingLong(KeyValue::getVersion);
        case CREATE -> Comparator.comparingLong(KeyValue::getCreateRevision);
        case MOD -> Comparator.comparingLong(KeyValue::getModRevision);
        case VALUE -> Comparator.comparing(KeyValue::getValue, BYTES);
        default -> throw new IllegalArgumentException(request.toString());
      };
      kvs.sort(order == RangeRequest.SortOrder.DESCEND ? by.reversed() : by);
    }

    PutResponse put(PutRequest request) {
      KeyValue previous = live(request.getKey(), readRevision());
      if ((request.getIgnoreValue() || request.getIgnoreLease()) && previous == null) {
        throw EtcdError.KEY_NOT_FOUND.exception();
      }
      PutResponse.Builder response = PutResponse.newBuilder().setHeader(header(revision + 1));
      if (request.getPrevKv() && previous != null) {
        response.setPrevKv(previous);
      }
      KeyValue kv = KeyValue.newBuilder().setKey(request.getKey())
          .setValue(request.getIgnoreValue() ? previous.getValue() : request.getValue())
          .setLease(request.getIgnoreLease() ? previous.getLease() : request.getLease())
          .setCreateRevision(previous == null ? revision + 1 : previous.getCreateRevision())
          .setVersion(previous == null ? 1 : previous.getVersion() + 1)
          .setModRevision(revision + 1).build();
      record(kv.getKey(), kv, Event.newBuilder().setType(Event.EventType.PUT).setKv(kv).build());
      return response.build();
    }

    DeleteRangeResponse delete(DeleteRangeRequest request) {
      List<KeyValue> doomed = liveIn(request.getKey(), request.getRangeEnd(), readRevision());
      for (KeyValue kv : doomed) {
        record(kv.getKey(), null, Event.newBuilder().setType(Event.EventType.DELETE)
            .setKv(KeyValue.newBuilder().setKey(kv.getKey()).setModRevision(revision + 1)).build());
      }
      DeleteRangeResponse.Builder response = DeleteRangeResponse.newBuilder()
          .setHeader(header(readRevision())).setDeleted(doomed.size());
      if (request.getPrevKv()) {
        response.addAllPrevKvs(doomed);
      }
      return response.build();
    }

    TxnResponse txn(TxnRequest request, Iterator<Boolean> branches) {
      boolean succeeded = branches.next();
      TxnResponse.Builder response = TxnResponse.newBuilder().setSucceeded(succeeded);
      for (RequestOp op : chosen(request, succeeded)) {
        ResponseOp.Builder result = ResponseOp.newBuilder();
        if (op.hasRequestRange()) {
          result.setResponseRange(range(op.getRequestRange()));
        } else if (op.hasRequestPut()) {
          result.setResponsePut(put(op.getRequestPut()));
        } else if (op.hasRequestDeleteRange()) {
          result.setResponseDeleteRange(delete(op.getRequestDeleteRange()));
        } else {
          // etcd gives a nested txn an empty header: only the outermost one is filled in.
          result.setResponseTxn(txn(op.getRequestTxn(), branches)
              .toBuilder().setHeader(ResponseHeader.getDefaultInstance()));
        }
        response.addResponses(result);
      }
      return response.setHeader(header(readRevision())).build();
    }

    private void record(ByteString key, KeyValue kv, Event event) {
      keys.computeIfAbsent(key, k -> new ArrayList<>()).add(new Version(revision + 1, kv));
      changes.add(event);
      changed = true;
    }
  }

  /** For failure messages: the live keys now. */
  @Override
  public String toString() {
    Map<ByteString, KeyValue> live = new TreeMap<>(BYTES);
    keys.keySet().forEach(key -> {
      KeyValue kv = live(key, revision);
      if (kv != null) {
        live.put(key, kv);
      }
    });
    return "revision " + revision + ", compacted " + compacted + ", live " + live.values();
  }
}
