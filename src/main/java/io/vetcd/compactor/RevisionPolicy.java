package io.vetcd.compactor;

import java.util.OptionalLong;

/** etcd's revision mode: every check (5 minutes in etcd), keep the last {@code retention}
 *  revisions, i.e. compact at current - retention when that moved since the last compaction. */
final class RevisionPolicy implements CompactionPolicy {
  private final long retentionRevisions;
  private final long checkIntervalMillis;
  private long lastCompacted;

  RevisionPolicy(long retentionRevisions, long checkIntervalMillis) {
    if (retentionRevisions <= 0) {
      throw new IllegalArgumentException("retention must be positive: " + retentionRevisions);
    }
    this.retentionRevisions = retentionRevisions;
    this.checkIntervalMillis = checkIntervalMillis;
  }

  @Override
  public long checkIntervalMillis() {
    return checkIntervalMillis;
  }

  @Override
  public OptionalLong check(long nowMillis, long currentRevision) {
    long revision = currentRevision - retentionRevisions;
    if (revision <= 0 || revision == lastCompacted) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(revision);
  }

  @Override
  public void compacted(long nowMillis, long revision) {
    lastCompacted = revision;
  }
}
