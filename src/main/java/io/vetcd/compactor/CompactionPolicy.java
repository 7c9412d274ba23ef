package io.vetcd.compactor;

import java.util.OptionalLong;

/**
 * When to compact, as etcd's --auto-compaction-mode decides it. Pure: time comes in as an argument,
 * so the policy is tested on logical time; the verticle owns the timer and proposes compactions.
 */
public interface CompactionPolicy {
  /** How often the policy wants to be asked. */
  long checkIntervalMillis();

  /** The revision to compact at now, or empty when it is not time (or nothing to compact). */
  OptionalLong check(long nowMillis, long currentRevision);

  /** Tells the policy that compacting at {@code revision} succeeded (or was already done). */
  void compacted(long nowMillis, long revision);
}
