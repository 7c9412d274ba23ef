package io.vetcd.compactor;

import java.util.ArrayDeque;
import java.util.OptionalLong;

/**
 * etcd's periodic mode: keep the history of the last {@code retention}. It samples the revision
 * every tenth of the retention (at most every 6 minutes), and once a full retention has passed
 * since the last success it compacts at the revision sampled one retention ago; after that it
 * compacts every retention (at most every hour), retrying every check interval on failure.
 */
final class PeriodicPolicy implements CompactionPolicy {
  private static final long HOUR_MILLIS = 3_600_000;
  private static final int RETRY_DIVISOR = 10;

  private final long retentionMillis;
  private final long checkIntervalMillis;
  private final int samplesKept;
  private final ArrayDeque<Long> samples = new ArrayDeque<>();
  private long lastSuccessMillis;
  private long waitMillis;

  PeriodicPolicy(long retentionMillis, long startMillis, long startRevision) {
    if (retentionMillis <= 0) {
      throw new IllegalArgumentException("retention must be positive: " + retentionMillis);
    }
    this.retentionMillis = retentionMillis;
    this.checkIntervalMillis = Math.max(1, Math.min(retentionMillis, HOUR_MILLIS) / RETRY_DIVISOR);
    this.samplesKept = (int) (retentionMillis / checkIntervalMillis) + 1;
    this.lastSuccessMillis = startMillis;
    this.waitMillis = retentionMillis;
    samples.addLast(startRevision);
  }

  @Override
  public long checkIntervalMillis() {
    return checkIntervalMillis;
  }

  @Override
  public OptionalLong check(long nowMillis, long currentRevision) {
    // Decide on the samples taken before now, as etcd does: the oldest is one retention old.
    OptionalLong due = nowMillis - lastSuccessMillis < waitMillis
        ? OptionalLong.empty()
        : OptionalLong.of(samples.peekFirst());
    samples.addLast(currentRevision);
    if (samples.size() > samplesKept) {
      samples.removeFirst();
    }
    return due;
  }

  @Override
  public void compacted(long nowMillis, long revision) {
    lastSuccessMillis = nowMillis;
    waitMillis = Math.min(retentionMillis, HOUR_MILLIS);
  }
}
