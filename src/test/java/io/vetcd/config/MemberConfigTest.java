package io.vetcd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules a MemberConfig keeps when it is built directly rather than by ConfigLoader. */
class MemberConfigTest {
  private static final MemberConfig DEFAULTS = ConfigLoader.load(new String[0], Map.of());

  private static MemberConfig withRetention(MemberConfig.CompactionMode mode, String retention) {
    MemberConfig c = DEFAULTS;
    return new MemberConfig(c.name(), c.dataDir(), c.listenClientUrls(), c.advertiseClientUrls(),
        c.listenPeerUrls(), c.initialAdvertisePeerUrls(), c.initialCluster(),
        c.initialClusterToken(), c.initialClusterState(), c.strictReconfigCheck(), c.snapshotCount(),
        c.heartbeatIntervalMs(), c.electionTimeoutMs(), mode, retention, c.quotaBackendBytes(),
        c.maxRequestBytes(), c.maxTxnOps(), c.watchProgressNotifyInterval(), c.logLevel(), c.clientTls(), c.peerTls(),
        c.ignoredFlags());
  }

  @Test
  void aCopyOfAValidConfigIsEqual() {
    assertEquals(DEFAULTS, withRetention(DEFAULTS.autoCompactionMode(), "0"));
  }

  @Test
  void retentionIsCheckedAgainstTheMode() {
    assertEquals("invalid auto-compaction-retention \"1h\" for auto-compaction-mode revision: must"
            + " be a number of revisions with auto-compaction-mode revision",
        assertThrows(ConfigException.class,
            () -> withRetention(MemberConfig.CompactionMode.REVISION, "1h")).getMessage());
  }

  @Test
  void hoursThatOverflowAreOutOfRange() {
    assertEquals("invalid auto-compaction-retention \"999999999999\" for auto-compaction-mode"
            + " periodic: value out of range",
        assertThrows(ConfigException.class,
            () -> withRetention(MemberConfig.CompactionMode.PERIODIC, "999999999999")).getMessage());
  }

  @Test
  void quotaZeroIsTheDefaultAndNegativeIsNone() {
    assertEquals(MemberConfig.DEFAULT_QUOTA_BACKEND_BYTES,
        ConfigLoader.load(new String[] {"--quota-backend-bytes=0"}, Map.of())
            .effectiveQuotaBackendBytes());
    assertEquals(Long.MAX_VALUE,
        ConfigLoader.load(new String[] {"--quota-backend-bytes=-1"}, Map.of())
            .effectiveQuotaBackendBytes());
    assertEquals(8L << 30,
        ConfigLoader.load(new String[] {"--quota-backend-bytes=8589934592"}, Map.of())
            .effectiveQuotaBackendBytes());
  }

  @Test
  void existingClusterState() {
    MemberConfig joining =
        ConfigLoader.load(new String[] {"--initial-cluster-state=existing"}, Map.of());
    assertEquals(MemberConfig.ClusterState.EXISTING, joining.initialClusterState());
    assertFalse(joining.isNewCluster());
  }
}
