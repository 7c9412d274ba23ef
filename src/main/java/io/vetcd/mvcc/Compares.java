package io.vetcd.mvcc;

import com.google.protobuf.ByteString;
import io.vetcd.proto.etcdserverpb.Compare;
import io.vetcd.proto.mvccpb.KeyValue;
import java.util.List;

/** Txn guards with etcd 3.4's semantics (apply.go applyCompare / compareKV). */
final class Compares {
  private Compares() {}

  static boolean allHold(KvReadView view, long atRevision, List<Compare> compares) {
    for (Compare compare : compares) {
      if (!holds(view, atRevision, compare)) {
        return false;
      }
    }
    return true;
  }

  /** Holds when every live key in the compare's range satisfies it; see the missing-key rule. */
  static boolean holds(KvReadView view, long atRevision, Compare compare) {
    KeyRange range = KeyRange.of(compare.getKey(), compare.getRangeEnd());
    boolean[] all = {true};
    boolean[] any = {false};
    view.scan(range, atRevision, kv -> {
      any[0] = true;
      all[0] = matches(compare, kv);
      return all[0];
    });
    if (!any[0]) {
      // A missing key has no value to compare (gRPC cannot tell "" from absent), so a value
      // compare fails; the numeric targets compare against zero.
      return compare.getTarget() != Compare.CompareTarget.VALUE
          && matches(compare, KeyValue.getDefaultInstance());
    }
    return all[0];
  }

  private static boolean matches(Compare c, KeyValue kv) {
    int result = switch (c.getTarget()) {
      case VALUE -> ByteString.unsignedLexicographicalComparator().compare(kv.getValue(),
          c.getTargetUnionCase() == Compare.TargetUnionCase.VALUE ? c.getValue() : ByteString.EMPTY);
      case CREATE -> Long.compare(kv.getCreateRevision(),
          c.getTargetUnionCase() == Compare.TargetUnionCase.CREATE_REVISION ? c.getCreateRevision() : 0);
      case MOD -> Long.compare(kv.getModRevision(),
          c.getTargetUnionCase() == Compare.TargetUnionCase.MOD_REVISION ? c.getModRevision() : 0);
      case VERSION -> Long.compare(kv.getVersion(),
          c.getTargetUnionCase() == Compare.TargetUnionCase.VERSION ? c.getVersion() : 0);
      case LEASE -> Long.compare(kv.getLease(),
          c.getTargetUnionCase() == Compare.TargetUnionCase.LEASE ? c.getLease() : 0);
      default -> 0;
    };
    return switch (c.getResult()) {
      case EQUAL -> result == 0;
      case NOT_EQUAL -> result != 0;
      case GREATER -> result > 0;
      case LESS -> result < 0;
      default -> true;
    };
  }
}
