package io.vetcd.it;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The one list of output parts that may legitimately differ between two correct members: ids
 * chosen at random, Raft bookkeeping, sizes of the backend files, timings and client-side noise.
 * Everything else etcdctl prints must match byte for byte. Keep this list short.
 */
final class OutputMasks {
  private record Mask(Pattern pattern, String replacement) {}

  private static final List<Mask> MASKS = List.of(
      // cluster and member ids are random per cluster; Raft term and index count elections and
      // internal entries, which are not client-visible state.
      mask("\"(cluster_id|member_id|raft_term|ID|leader|raftIndex|raftTerm|raftAppliedIndex)\":\\d+",
          "\"$1\":<masked>"),
      mask("\"(ClusterID|MemberID|RaftTerm)\" : \\d+", "\"$1\" : <masked>"),
      // member list's simple output starts with the member id in hex.
      mask("(?m)^[0-9a-f]{1,16}, started, ", "<id>, started, "),
      // backend file sizes and the server's version string (dotted, unlike a key's version).
      mask("\"(dbSize|dbSizeInUse)\":\\d+", "\"$1\":<masked>"),
      mask("\"version\":\"\\d+\\.\\d+[^\"]*\"", "\"version\":<masked>"),
      // the same ids and sizes in the JSON gateway's form: snake_case, 64-bit numbers as strings.
      mask("\"(cluster_id|member_id|raft_term|ID|leader|raftIndex|raftTerm|raftAppliedIndex"
          + "|dbSize|dbSizeInUse)\":\"\\d+\"", "\"$1\":<masked>"),
      // each member listens on its own free port.
      mask("127\\.0\\.0\\.1:\\d+", "127.0.0.1:<port>"),
      // health check latency.
      mask("\"took\":\"[^\"]*\"", "\"took\":<masked>"),
      mask("took = \\S+", "took = <masked>"),
      // clientv3's retry warnings carry a timestamp and a random client id.
      mask("\"ts\":\"[^\"]*\"", "\"ts\":<masked>"),
      mask("endpoint://client-[0-9a-f-]+/", "endpoint://client-<masked>/"));

  private OutputMasks() {}

  static String apply(String output) {
    String masked = output;
    for (Mask mask : MASKS) {
      masked = mask.pattern().matcher(masked).replaceAll(mask.replacement());
    }
    return masked;
  }

  private static Mask mask(String regex, String replacement) {
    return new Mask(Pattern.compile(regex), replacement);
  }
}
