package io.vetcd.config;

import java.util.Set;
import java.util.stream.Stream;

/**
 * etcd 3.4 flags that vetcd accepts but does not act on. A drop-in replacement must not refuse a
 * command line or config file written for etcd; the names are reported in
 * {@link MemberConfig#ignoredFlags()} so that the operator is told they have no effect.
 */
final class EtcdOnlyFlags {
  /** Flags that, like Go booleans, may stand alone (--pre-vote) or take =true/=false. */
  private static final Set<String> BOOLEAN = Set.of(
      "initial-election-tick-advance", "enable-v2", "pre-vote",
      "experimental-peer-skip-client-san-verification", "debug",
      "enable-pprof", "enable-grpc-gateway", "experimental-initial-corrupt-check",
      "experimental-enable-lease-checkpoint", "experimental-enable-lease-checkpoint-persist",
      "unsafe-no-fsync", "force-new-cluster");

  private static final Set<String> WITH_VALUE = Set.of(
      "wal-dir", "listen-metrics-urls", "max-snapshots", "max-wals", "backend-batch-interval",
      "backend-batch-limit", "grpc-keepalive-min-time", "grpc-keepalive-interval",
      "grpc-keepalive-timeout", "max-concurrent-streams", "discovery", "discovery-fallback",
      "discovery-proxy", "discovery-srv", "discovery-srv-name", "proxy", "proxy-failure-wait",
      "proxy-refresh-interval", "proxy-dial-timeout", "proxy-write-timeout", "proxy-read-timeout",
      "client-cert-allowed-hostname", "cors", "host-whitelist", "logger",
      "log-output", "log-outputs", "log-package-levels", "metrics", "auth-token", "bcrypt-cost",
      "auth-token-ttl", "experimental-corrupt-check-time", "experimental-enable-v2v3",
      "experimental-backend-bbolt-freelist-type", "experimental-compaction-batch-limit",
      "experimental-warning-apply-duration");

  private EtcdOnlyFlags() {
  }

  static boolean contains(String flagName) {
    return BOOLEAN.contains(flagName) || WITH_VALUE.contains(flagName);
  }

  static boolean isBoolean(String flagName) {
    return BOOLEAN.contains(flagName);
  }

  /** Every name, for scanning the environment. */
  static Stream<String> all() {
    return Stream.concat(BOOLEAN.stream(), WITH_VALUE.stream());
  }
}
