package io.vetcd.compactor;

import io.vetcd.config.MemberConfig;
import io.vetcd.config.MemberConfig.CompactionMode;
import java.util.Optional;

/** The policy --auto-compaction-mode and --auto-compaction-retention ask for, if any. */
public final class CompactionPolicies {
  /** etcd checks revision-mode retention every five minutes. */
  private static final long REVISION_CHECK_MILLIS = 5 * 60_000;

  private CompactionPolicies() {}

  public static Optional<CompactionPolicy> of(
      MemberConfig config, long nowMillis, long currentRevision) {
    if (!config.isAutoCompactionEnabled()) {
      return Optional.empty();
    }
    if (config.autoCompactionMode() == CompactionMode.PERIODIC) {
      return Optional.of(
          new PeriodicPolicy(config.autoCompactionRetentionPeriod().toMillis(), nowMillis,
              currentRevision));
    }
    return Optional.of(
        new RevisionPolicy(config.autoCompactionRetentionRevisions(), REVISION_CHECK_MILLIS));
  }
}
