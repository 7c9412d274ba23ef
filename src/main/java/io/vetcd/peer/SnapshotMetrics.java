package io.vetcd.peer;

import io.vetcd.metrics.Counter;
import io.vetcd.metrics.Histogram;
import io.vetcd.metrics.Metrics;

/**
 * etcd's rafthttp snapshot metrics, by peer (its id in hex, as etcd's {@code types.ID} prints
 * it): a send or receive is one attempt to move the image, so a transfer cut once and resumed
 * counts one failure and one success; the durations are those of the successful attempts.
 */
final class SnapshotMetrics {
  /** etcd's buckets: from 0.1 s, doubling, to 51.2 s. */
  private static final double[] BUCKETS = Metrics.exponentialBuckets(0.1, 2, 10);
  private static final double NANOS_PER_SECOND = 1e9;

  private final Counter sent;
  private final Counter sendFailures;
  private final Histogram sendSeconds;
  private final Counter received;
  private final Counter receiveFailures;
  private final Histogram receiveSeconds;

  SnapshotMetrics(Metrics metrics) {
    sent = metrics.counter("etcd_network_snapshot_send_success",
        "Total number of successful snapshot sends", "To");
    sendFailures = metrics.counter("etcd_network_snapshot_send_failures",
        "Total number of snapshot send failures", "To");
    sendSeconds = metrics.histogram("etcd_network_snapshot_send_total_duration_seconds",
        "Total latency distributions of v3 snapshot sends", "To", BUCKETS);
    received = metrics.counter("etcd_network_snapshot_receive_success",
        "Total number of successful snapshot receives", "From");
    receiveFailures = metrics.counter("etcd_network_snapshot_receive_failures",
        "Total number of snapshot receive failures", "From");
    receiveSeconds = metrics.histogram("etcd_network_snapshot_receive_total_duration_seconds",
        "Total latency distributions of v3 snapshot receives", "From", BUCKETS);
  }

  void sent(long to, long startedNanos) {
    sent.inc(Long.toHexString(to));
    sendSeconds.observe(Long.toHexString(to), secondsSince(startedNanos));
  }

  void sendFailed(long to) {
    sendFailures.inc(Long.toHexString(to));
  }

  void received(long from, long startedNanos) {
    received.inc(Long.toHexString(from));
    receiveSeconds.observe(Long.toHexString(from), secondsSince(startedNanos));
  }

  void receiveFailed(long from) {
    receiveFailures.inc(Long.toHexString(from));
  }

  private static double secondsSince(long startedNanos) {
    return (System.nanoTime() - startedNanos) / NANOS_PER_SECOND;
  }
}
