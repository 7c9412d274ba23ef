package io.vetcd.bench;

import java.util.Map;

/** Command-line options of {@link LeaseBench}. */
record LeaseBenchOptions(String endpoint, int clients, int leases, int streams, int expiring,
    int expiryTtlSeconds, int rate, int seconds, int jitWarmupSeconds, int conns) {

  static final String USAGE = """
      usage: LeaseBench [options]
        --endpoint HOST:PORT     the member (default 127.0.0.1:2379)
        --clients N              keepalive case: N streams, each renewing a lease of its own in a
                                 closed loop (etcd's benchmark lease-keepalive) (default 50; 0: skip)
        --leases N --streams M   held case: N leases kept alive by M streams, each renewing its
                                 share round robin with 16 keepalives in flight (default 100000
                                 and 100; 0 leases: skip); the program prints "pause held" while
                                 they exist, and waits for a line on stdin (for the server's RSS)
        --expiring N             expiry case: N leases granted together, a key on each, left to
                                 expire while one writer puts at --rate; the time from the last
                                 lease's TTL end until all their keys are gone (default 10000; 0: skip)
        --expiry-ttl S           their TTL in seconds (default 10)
        --rate N                 the writer's puts per second in the expiry case (default 100)
        --seconds N              measured seconds of the keepalive and held cases (default 10)
        --jit-warmup-seconds N   unmeasured keepalives first, so that a JVM has compiled its hot
                                 paths, and, when not 0, an unmeasured expiry of 2,000 leases
                                 (TTL 2 s) before the expiry case (default 10)
        --conns N                gRPC connections the streams are spread over (default 8)
      Prints "measuring CASE" before and one "RESULT case=CASE ..." line after each case.
      """;

  static LeaseBenchOptions parse(String[] args) {
    String endpoint = "127.0.0.1:2379";
    int clients = 50;
    int leases = 100_000;
    int streams = 100;
    int expiring = 10_000;
    int expiryTtl = 10;
    int rate = 100;
    int seconds = 10;
    int jitWarmup = 10;
    int conns = 8;
    for (Map.Entry<String, String> option : OptionValues.pairs(args)) {
      String name = option.getKey();
      String value = option.getValue();
      switch (name) {
        case "--endpoint" -> endpoint = value;
        case "--clients" -> clients = OptionValues.atLeast(name, value, 0);
        case "--leases" -> leases = OptionValues.atLeast(name, value, 0);
        case "--streams" -> streams = OptionValues.atLeast(name, value, 1);
        case "--expiring" -> expiring = OptionValues.atLeast(name, value, 0);
        case "--expiry-ttl" -> expiryTtl = OptionValues.atLeast(name, value, 2);
        case "--rate" -> rate = OptionValues.atLeast(name, value, 1);
        case "--seconds" -> seconds = OptionValues.atLeast(name, value, 1);
        case "--jit-warmup-seconds" -> jitWarmup = OptionValues.atLeast(name, value, 0);
        case "--conns" -> conns = OptionValues.atLeast(name, value, 1);
        default -> throw new IllegalArgumentException("unknown option " + name);
      }
    }
    return new LeaseBenchOptions(endpoint, clients, leases, streams, expiring, expiryTtl, rate,
        seconds, jitWarmup, conns);
  }

  String host() {
    return OptionValues.host(endpoint);
  }

  int port() {
    return OptionValues.port(endpoint);
  }
}
