package io.vetcd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vetcd.proto.etcdserverpb.RangeResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/** The check that the members of a cluster hold the same data, shared by the cluster tests. */
final class SameData {
  private SameData() {}

  /**
   * Every member at the same revision with the same keys, values and versions, once they agree
   * or {@code limit} passes; returns each member's range of {@code everything}.
   */
  static List<RangeResponse> assertEverywhere(List<ServerProcess> members,
      Function<ServerProcess, RangeResponse> everything, Duration limit)
      throws InterruptedException {
    List<RangeResponse> ranges = Poll.until(limit,
        () -> members.stream().map(everything).toList(),
        all -> all.stream().map(r -> List.of(r.getHeader().getRevision(), r.getKvsList()))
            .distinct().count() == 1);
    for (int i = 1; i < ranges.size(); i++) {
      assertEquals(ranges.get(0).getHeader().getRevision(), ranges.get(i).getHeader().getRevision(),
          members.get(i).name() + "'s revision");
      assertEquals(ranges.get(0).getKvsList(), ranges.get(i).getKvsList(),
          members.get(i).name() + "'s data");
    }
    return ranges;
  }
}
