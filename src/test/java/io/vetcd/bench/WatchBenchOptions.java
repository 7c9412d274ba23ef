package io.vetcd.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Command-line options of {@link WatchBench}. */
record WatchBenchOptions(String endpoint, String transport, List<Integer> fanouts,
    int slowFanout, int idleWatchers, int rate, int seconds, int warmupSeconds,
    int jitWarmupSeconds, int conns, int valSize) {

  static final String USAGE = """
      usage: WatchBench [options]
        --endpoint HOST:PORT   the member (default 127.0.0.1:2379)
        --transport grpc|ws    watch over gRPC streams, or over WebSockets on /v3/watch (vetcd's
                               JSON gateway; etcd 3.4 serves none by default) (default grpc)
        --fanouts N[,N...]     one case per count of watchers on the prefix bench/ (default 1,100,1000)
        --slow-fanout N        a case with N watchers plus one that never reads (default 100; 0: none)
        --idle N               first, N idle watches: the program prints "pause idle-baseline"
                               before and "pause idle-open" once they exist, and waits each time
                               for a line on stdin, so the caller can measure the server (default 0)
        --rate N               puts per second of the one writer, open loop (default 100)
        --seconds N            measured seconds per case (default 5)
        --warmup-seconds N     unmeasured seconds at the same rate first, per case (default 3)
        --jit-warmup-seconds N before everything, N seconds of 500 puts/s to 100 watchers,
                               so that a JVM has compiled its hot paths (default 10)
        --conns N              watch streams (or sockets) the watchers are spread over (default 8)
        --val-size N           value bytes; the first 8 carry the put's send time (default 256)
      Prints one "RESULT case=... p50_ms=... p99_ms=..." line per case (put-to-event latency at
      the watchers) and "RESULT case=idle-N created=N" for --idle.
      """;

  static WatchBenchOptions parse(String[] args) {
    String endpoint = "127.0.0.1:2379";
    String transport = "grpc";
    List<Integer> fanouts = List.of(1, 100, 1000);
    int slowFanout = 100;
    int idle = 0;
    int rate = 100;
    int seconds = 5;
    int warmupSeconds = 3;
    int jitWarmupSeconds = 10;
    int conns = 8;
    int valSize = 256;
    for (Map.Entry<String, String> option : OptionValues.pairs(args)) {
      String name = option.getKey();
      String value = option.getValue();
      switch (name) {
        case "--endpoint" -> endpoint = value;
        case "--transport" -> transport = oneOf(name, value, "grpc", "ws");
        case "--fanouts" -> fanouts = counts(name, value);
        case "--slow-fanout" -> slowFanout = OptionValues.atLeast(name, value, 0);
        case "--idle" -> idle = OptionValues.atLeast(name, value, 0);
        case "--rate" -> rate = OptionValues.atLeast(name, value, 1);
        case "--seconds" -> seconds = OptionValues.atLeast(name, value, 1);
        case "--warmup-seconds" -> warmupSeconds = OptionValues.atLeast(name, value, 0);
        case "--jit-warmup-seconds" -> jitWarmupSeconds = OptionValues.atLeast(name, value, 0);
        case "--conns" -> conns = OptionValues.atLeast(name, value, 1);
        case "--val-size" -> valSize = OptionValues.atLeast(name, value, WatchAudience.STAMP_BYTES);
        default -> throw new IllegalArgumentException("unknown option " + name);
      }
    }
    return new WatchBenchOptions(endpoint, transport, fanouts, slowFanout, idle, rate, seconds,
        warmupSeconds, jitWarmupSeconds, conns, valSize);
  }

  private static String oneOf(String name, String value, String... allowed) {
    if (!Arrays.asList(allowed).contains(value)) {
      throw new IllegalArgumentException(name + " must be one of " + Arrays.toString(allowed));
    }
    return value;
  }

  private static List<Integer> counts(String name, String value) {
    List<Integer> counts = new ArrayList<>();
    for (String count : value.split(",")) {
      counts.add(OptionValues.atLeast(name, count, 1));
    }
    return counts;
  }

  String host() {
    return OptionValues.host(endpoint);
  }

  int port() {
    return OptionValues.port(endpoint);
  }
}
