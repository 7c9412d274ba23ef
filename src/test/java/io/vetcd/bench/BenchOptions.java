package io.vetcd.bench;

import java.util.Arrays;
import java.util.List;

/** Command-line options of the load generator; names follow etcd's `benchmark` tool. */
record BenchOptions(List<String> endpoints, int clients, int conns, int total, int warmup,
    int valSize, int keySpace, Op op, boolean serializable) {

  enum Op { PUT, RANGE }

  static final String USAGE = """
      usage: scripts/bench [options]
        --endpoints HOST:PORT[,HOST:PORT...]  members to load (default 127.0.0.1:2379)
        --clients N       concurrent closed-loop clients (default 50)
        --conns N         HTTP/2 connections, shared round-robin by the clients (default 8)
        --total N         measured requests (default 20000)
        --warmup N        unmeasured requests first, to warm up both sides (default 2000)
        --val-size N      value size in bytes for put (default 256)
        --key-space N     keys are bench/00000000 .. key-space-1, chosen at random (default 10000)
        --op put|range    request type (default put)
        --serializable    range reads skip the linearizable read barrier
      """;

  static BenchOptions parse(String[] args) {
    List<String> endpoints = List.of("127.0.0.1:2379");
    int clients = 50;
    int conns = 8;
    int total = 20000;
    int warmup = 2000;
    int valSize = 256;
    int keySpace = 10000;
    Op op = Op.PUT;
    boolean serializable = false;
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (name.equals("--serializable")) {
        serializable = true;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value for " + name);
      }
      String value = args[++i];
      switch (name) {
        case "--endpoints" -> endpoints = Arrays.asList(value.split(","));
        case "--clients" -> clients = positive(name, value);
        case "--conns" -> conns = positive(name, value);
        case "--total" -> total = positive(name, value);
        case "--warmup" -> warmup = Integer.parseInt(value);
        case "--val-size" -> valSize = Integer.parseInt(value);
        case "--key-space" -> keySpace = positive(name, value);
        case "--op" -> op = Op.valueOf(value.toUpperCase());
        default -> throw new IllegalArgumentException("unknown option " + name);
      }
    }
    return new BenchOptions(endpoints, clients, conns, total, warmup, valSize, keySpace, op,
        serializable);
  }

  private static int positive(String name, String value) {
    int number = Integer.parseInt(value);
    if (number <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
    return number;
  }

  String describe() {
    return "op=" + op.name().toLowerCase() + (serializable ? " (serializable)" : "")
        + " endpoints=" + String.join(",", endpoints) + " clients=" + clients + " conns=" + conns
        + " total=" + total + " warmup=" + warmup + " val-size=" + valSize
        + " key-space=" + keySpace;
  }
}
