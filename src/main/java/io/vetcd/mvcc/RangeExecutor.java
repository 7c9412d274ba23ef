package io.vetcd.mvcc;

import com.google.protobuf.ByteString;
import io.vetcd.errors.EtcdError;
import io.vetcd.proto.etcdserverpb.RangeRequest.SortOrder;
import io.vetcd.proto.etcdserverpb.RangeRequest.SortTarget;
import io.vetcd.proto.etcdserverpb.RangeRequest;
import io.vetcd.proto.etcdserverpb.RangeResponse;
import io.vetcd.proto.etcdserverpb.ResponseHeader;
import io.vetcd.proto.mvccpb.KeyValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * A Range with etcd 3.4's semantics (etcdserver/apply.go Range over mvcc rangeKeys), including
 * its quirks: {@code count} is the number of keys in the range before the revision filters and
 * the limit; filters and sorting read the whole range first; a sort target other than KEY with
 * order NONE sorts ascending but only what the limit already fetched.
 */
public final class RangeExecutor {
  private RangeExecutor() {}

  /**
   * @param currentRevision the revision reads default to and the header reports
   * @throws io.vetcd.errors.EtcdException FUTURE_REV or COMPACTED
   */
  public static RangeResponse execute(
      KvReadView view, long currentRevision, long compactedRevision, RangeRequest request) {
    long atRevision = readableRevision(request.getRevision(), currentRevision, compactedRevision);
    KeyRange range = KeyRange.of(request.getKey(), request.getRangeEnd());
    RangeResponse.Builder response = RangeResponse.newBuilder()
        .setHeader(ResponseHeader.newBuilder().setRevision(currentRevision));
    if (request.getCountOnly()) {
      return response.setCount(view.count(range, atRevision)).build();
    }

    long fetchLimit = readsWholeRange(request) ? 0 : request.getLimit();
    List<KeyValue> kvs = new ArrayList<>();
    // One extra key tells whether there are more than the limit.
    long wanted = fetchLimit > 0 ? fetchLimit + 1 : Long.MAX_VALUE;
    view.scan(range, atRevision, kv -> {
      kvs.add(kv);
      return kvs.size() < wanted;
    });
    long count = kvs.size() < wanted ? kvs.size() : view.count(range, atRevision);

    List<KeyValue> selected = filter(kvs, request);
    sort(selected, request);
    if (request.getLimit() > 0 && selected.size() > request.getLimit()) {
      selected = selected.subList(0, (int) request.getLimit());
      response.setMore(true);
    }
    for (KeyValue kv : selected) {
      response.addKvs(request.getKeysOnly() ? kv.toBuilder().setValue(ByteString.EMPTY).build() : kv);
    }
    return response.setCount(count).build();
  }

  /** The revision a read at {@code requested} sees (0 or less: the current one). */
  static long readableRevision(long requested, long currentRevision, long compactedRevision) {
    if (requested > currentRevision) {
      throw EtcdError.FUTURE_REV.exception();
    }
    long atRevision = requested <= 0 ? currentRevision : requested;
    if (atRevision < compactedRevision) {
      throw EtcdError.COMPACTED.exception();
    }
    return atRevision;
  }

  private static boolean readsWholeRange(RangeRequest r) {
    return r.getSortOrder() != SortOrder.NONE
        || r.getMinModRevision() != 0 || r.getMaxModRevision() != 0
        || r.getMinCreateRevision() != 0 || r.getMaxCreateRevision() != 0;
  }

  private static List<KeyValue> filter(List<KeyValue> kvs, RangeRequest r) {
    Predicate<KeyValue> keep = kv -> true;
    if (r.getMaxModRevision() != 0) {
      keep = keep.and(kv -> kv.getModRevision() <= r.getMaxModRevision());
    }
    if (r.getMinModRevision() != 0) {
      keep = keep.and(kv -> kv.getModRevision() >= r.getMinModRevision());
    }
    if (r.getMaxCreateRevision() != 0) {
      keep = keep.and(kv -> kv.getCreateRevision() <= r.getMaxCreateRevision());
    }
    if (r.getMinCreateRevision() != 0) {
      keep = keep.and(kv -> kv.getCreateRevision() >= r.getMinCreateRevision());
    }
    kvs.removeIf(keep.negate());
    return kvs;
  }

  private static void sort(List<KeyValue> kvs, RangeRequest r) {
    SortOrder order = r.getSortOrder();
    if (r.getSortTarget() != SortTarget.KEY && order == SortOrder.NONE) {
      order = SortOrder.ASCEND;
    }
    if (order != SortOrder.ASCEND && order != SortOrder.DESCEND) {
      return;
    }
    Comparator<KeyValue> byTarget = comparator(r.getSortTarget());
    // The scan yields key order, so a stable sort breaks ties by key as etcd's does for small sets.
    kvs.sort(order == SortOrder.ASCEND ? byTarget : byTarget.reversed());
  }

  private static Comparator<KeyValue> comparator(SortTarget target) {
    return switch (target) {
      case VERSION -> Comparator.comparingLong(KeyValue::getVersion);
      case CREATE -> Comparator.comparingLong(KeyValue::getCreateRevision);
      case MOD -> Comparator.comparingLong(KeyValue::getModRevision);
      case VALUE -> (a, b) -> ByteString.unsignedLexicographicalComparator()
          .compare(a.getValue(), b.getValue());
      default -> (a, b) -> ByteString.unsignedLexicographicalComparator()
          .compare(a.getKey(), b.getKey());
    };
  }
}
