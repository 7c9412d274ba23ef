package io.vetcd.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Everything one member needs to start, with etcd 3.4's meanings and defaults. Built by
 * {@link ConfigLoader}; the constructor checks the rules that hold whatever the source, so a
 * MemberConfig that exists is one etcd would start with.
 *
 * @param name human-readable member name (--name, default "default")
 * @param dataDir data directory (--data-dir, default "${name}.etcd")
 * @param listenClientUrls where the client API listens (--listen-client-urls)
 * @param advertiseClientUrls client URLs told to clients (--advertise-client-urls)
 * @param listenPeerUrls where peer traffic is accepted (--listen-peer-urls)
 * @param initialAdvertisePeerUrls this member's peer URLs told to the cluster
 *     (--initial-advertise-peer-urls)
 * @param initialCluster members at bootstrap (--initial-cluster, default "${name}=${each
 *     initial-advertise-peer-url}")
 * @param initialClusterToken token that keeps clusters bootstrapped side by side apart
 * @param initialClusterState whether this member bootstraps a new cluster or joins one
 * @param strictReconfigCheck refuse membership changes that would leave fewer started members
 *     than a quorum (--strict-reconfig-check, default true)
 * @param snapshotCount committed entries between two snapshots (--snapshot-count)
 * @param heartbeatIntervalMs Raft tick, in milliseconds (--heartbeat-interval)
 * @param electionTimeoutMs election timeout, in milliseconds (--election-timeout)
 * @param autoCompactionMode how {@code autoCompactionRetention} is read
 * @param autoCompactionRetention as given: "0" disables; periodic mode takes a Go duration
 *     ("30m") or a number of hours, revision mode a number of revisions
 * @param quotaBackendBytes backend size that raises the NOSPACE alarm; 0 means etcd's default of
 *     2 GiB and a negative value disables the quota (see {@link #effectiveQuotaBackendBytes()})
 * @param maxRequestBytes largest client request accepted (--max-request-bytes)
 * @param maxTxnOps most operations in one transaction (--max-txn-ops)
 * @param watchProgressNotifyInterval as given (--experimental-watch-progress-notify-interval);
 *     see {@link #watchProgressNotifyIntervalMillis()} for the one used
 * @param logLevel --log-level
 * @param clientTls TLS of the client listener
 * @param peerTls TLS of the peer listener
 * @param ignoredFlags etcd settings that were given but that vetcd accepts without acting on
 *     them (e.g. "enable-v2"), sorted, so that Main can warn about them
 */
public record MemberConfig(
    String name,
    Path dataDir,
    List<MemberUrl> listenClientUrls,
    List<MemberUrl> advertiseClientUrls,
    List<MemberUrl> listenPeerUrls,
    List<MemberUrl> initialAdvertisePeerUrls,
    InitialCluster initialCluster,
    String initialClusterToken,
    ClusterState initialClusterState,
    boolean strictReconfigCheck,
    long snapshotCount,
    int heartbeatIntervalMs,
    int electionTimeoutMs,
    CompactionMode autoCompactionMode,
    String autoCompactionRetention,
    long quotaBackendBytes,
    int maxRequestBytes,
    int maxTxnOps,
    Duration watchProgressNotifyInterval,
    LogLevel logLevel,
    TlsInfo clientTls,
    TlsInfo peerTls,
    List<String> ignoredFlags) {

  /** etcd's backend quota when --quota-backend-bytes is 0. */
  public static final long DEFAULT_QUOTA_BACKEND_BYTES = 2L * 1024 * 1024 * 1024;
  /** etcd's watch progress notify interval when none (or not a positive one) is given. */
  public static final Duration DEFAULT_WATCH_PROGRESS_NOTIFY_INTERVAL = Duration.ofMinutes(10);
  /** etcd raises a shorter watch progress notify interval to this (v3rpc/watch.go). */
  public static final Duration MIN_WATCH_PROGRESS_NOTIFY_INTERVAL = Duration.ofMillis(100);
  /** etcd refuses longer election timeouts: they would make failover take minutes. */
  public static final int ELECTION_TIMEOUT_MS_MAX = 50_000;

  private static final Pattern GO_ATOI = Pattern.compile("[+-]?\\d{1,18}");

  /** --initial-cluster-state. */
  public enum ClusterState { NEW, EXISTING }

  /** --auto-compaction-mode. */
  public enum CompactionMode { PERIODIC, REVISION }

  /** --log-level. */
  public enum LogLevel { DEBUG, INFO, WARN, ERROR, PANIC, FATAL }

  public MemberConfig {
    listenClientUrls = List.copyOf(listenClientUrls);
    advertiseClientUrls = List.copyOf(advertiseClientUrls);
    listenPeerUrls = List.copyOf(listenPeerUrls);
    initialAdvertisePeerUrls = List.copyOf(initialAdvertisePeerUrls);
    ignoredFlags = List.copyOf(ignoredFlags);
    requireBindable(listenClientUrls);
    requireBindable(listenPeerUrls);
    requireHost("--initial-advertise-peer-urls", initialAdvertisePeerUrls);
    requireHost("--advertise-client-urls", advertiseClientUrls);
    requireCertificateForTls("client", "--cert-file, --key-file", listenClientUrls, clientTls);
    requirePeerCertificateForTls(listenPeerUrls, peerTls);
    requireHttp2CipherSuite(listenClientUrls, clientTls);
    requireTimingsValid(heartbeatIntervalMs, electionTimeoutMs);
    if (!initialCluster.contains(name)) {
      throw new ConfigException(
          "couldn't find local name \"" + name + "\" in the initial cluster configuration");
    }
    try {
      parseRetention(autoCompactionMode, autoCompactionRetention);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("invalid auto-compaction-retention \"" + autoCompactionRetention
          + "\" for auto-compaction-mode " + flagValue(autoCompactionMode) + ": " + e.getMessage());
    }
  }

  /** The value of an enum setting as written on the command line: its name in lower case. */
  public static String flagValue(Enum<?> setting) {
    return setting.name().toLowerCase(Locale.ROOT);
  }

  /** Election timeout in heartbeat ticks, which is how the Raft core counts time. */
  /** The progress notify interval etcd would use: the default unless positive, at least 100ms. */
  public long watchProgressNotifyIntervalMillis() {
    if (watchProgressNotifyInterval.isNegative() || watchProgressNotifyInterval.isZero()) {
      return DEFAULT_WATCH_PROGRESS_NOTIFY_INTERVAL.toMillis();
    }
    return Math.max(watchProgressNotifyInterval.toMillis(),
        MIN_WATCH_PROGRESS_NOTIFY_INTERVAL.toMillis());
  }

  /**
   * etcd's minimum lease TTL: 1.5 election timeouts, rounded up to whole seconds (2 s with the
   * default timings), so that a lease cannot expire while a new leader is being elected.
   */
  public long minLeaseTtlSeconds() {
    long millis = (3L * electionTicks() / 2) * heartbeatIntervalMs;
    return (millis + 999) / 1000;
  }

  public int electionTicks() {
    return electionTimeoutMs / heartbeatIntervalMs;
  }

  public boolean isNewCluster() {
    return initialClusterState == ClusterState.NEW;
  }

  /** The quota to enforce: etcd's 2 GiB default for 0, and no limit for a negative value. */
  public long effectiveQuotaBackendBytes() {
    if (quotaBackendBytes == 0) {
      return DEFAULT_QUOTA_BACKEND_BYTES;
    }
    return quotaBackendBytes < 0 ? Long.MAX_VALUE : quotaBackendBytes;
  }

  public boolean isAutoCompactionEnabled() {
    return parseRetention(autoCompactionMode, autoCompactionRetention) > 0;
  }

  /** How much history periodic compaction keeps; zero when auto compaction is off. */
  public Duration autoCompactionRetentionPeriod() {
    if (autoCompactionMode != CompactionMode.PERIODIC) {
      throw new IllegalStateException("auto-compaction-mode is " + flagValue(autoCompactionMode));
    }
    return Duration.ofNanos(parseRetention(autoCompactionMode, autoCompactionRetention));
  }

  /** How many revisions revision-mode compaction keeps; zero when auto compaction is off. */
  public long autoCompactionRetentionRevisions() {
    if (autoCompactionMode != CompactionMode.REVISION) {
      throw new IllegalStateException("auto-compaction-mode is " + flagValue(autoCompactionMode));
    }
    return parseRetention(autoCompactionMode, autoCompactionRetention);
  }

  /**
   * The retention in nanoseconds (periodic) or revisions (revision), as etcd reads it: a bare
   * integer is hours or revisions, anything else must be a Go duration. Unlike etcd, a duration
   * in revision mode and a negative retention are refused instead of silently misread.
   */
  static long parseRetention(CompactionMode mode, String retention) {
    if (GO_ATOI.matcher(retention).matches()) {
      long number = Long.parseLong(retention);
      if (number < 0) {
        throw new IllegalArgumentException("must not be negative");
      }
      if (mode == CompactionMode.REVISION) {
        return number;
      }
      try {
        return Duration.ofHours(number).toNanos();
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException(GoValues.OUT_OF_RANGE);
      }
    }
    if (mode == CompactionMode.REVISION) {
      throw new IllegalArgumentException(
          "must be a number of revisions with auto-compaction-mode revision");
    }
    Duration period = GoValues.parseDuration(retention);
    if (period.isNegative()) {
      throw new IllegalArgumentException("must not be negative");
    }
    return period.toNanos();
  }

  private static void requireBindable(List<MemberUrl> listenUrls) {
    for (MemberUrl url : listenUrls) {
      if (!url.isBindable()) {
        throw new ConfigException("expected IP in URL for binding (" + url + ")");
      }
    }
  }

  private static void requireHost(String flag, List<MemberUrl> advertisedUrls) {
    for (MemberUrl url : advertisedUrls) {
      if (url.host().isEmpty()) {
        throw new ConfigException(flag + " \"" + url + "\" must be \"host:port\" (unexpected empty"
            + " host (" + url + "))");
      }
    }
  }

  private static void requireCertificateForTls(
      String listener, String flags, List<MemberUrl> listenUrls, TlsInfo tls) {
    for (MemberUrl url : listenUrls) {
      if (url.isTls() && !tls.canServeTls()) {
        throw new ConfigException("TLS key/cert (" + flags + ") must be provided for " + listener
            + " url " + url + " with HTTPS scheme");
      }
    }
  }

  /** etcd's peer listener (pkg/transport newTLSListener) says it in its own words. */
  private static void requirePeerCertificateForTls(List<MemberUrl> listenUrls, TlsInfo tls) {
    for (MemberUrl url : listenUrls) {
      if (url.isTls() && !tls.canServeTls()) {
        throw new ConfigException("cannot listen on TLS for " + url.host() + ":" + url.port()
            + ": KeyFile and CertFile are not presented");
      }
    }
  }

  /**
   * HTTP/2 (RFC 7540 section 9.2.2) needs TLS_ECDHE_*_WITH_AES_128_GCM_SHA256; etcd 3.4 refuses to
   * serve https with a --cipher-suites list that has neither (Go's http2 check), and so does vetcd.
   */
  private static void requireHttp2CipherSuite(List<MemberUrl> listenUrls, TlsInfo tls) {
    boolean servesTls = listenUrls.stream().anyMatch(MemberUrl::isTls);
    if (servesTls && !tls.cipherSuites().isEmpty()
        && !tls.cipherSuites().contains("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")
        && !tls.cipherSuites().contains("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")) {
      throw new ConfigException("http2: TLSConfig.CipherSuites is missing an HTTP/2-required"
          + " AES_128_GCM_SHA256 cipher (need at least one of"
          + " TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 or TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)");
    }
  }

  private static void requireTimingsValid(int heartbeatIntervalMs, int electionTimeoutMs) {
    if (heartbeatIntervalMs <= 0) {
      throw new ConfigException(
          "--heartbeat-interval must be >0 (set to " + heartbeatIntervalMs + "ms)");
    }
    if (electionTimeoutMs <= 0) {
      throw new ConfigException(
          "--election-timeout must be >0 (set to " + electionTimeoutMs + "ms)");
    }
    if (5L * heartbeatIntervalMs > electionTimeoutMs) {
      throw new ConfigException("--election-timeout[" + electionTimeoutMs + "ms] should be at"
          + " least as 5 times as --heartbeat-interval[" + heartbeatIntervalMs + "ms]");
    }
    if (electionTimeoutMs > ELECTION_TIMEOUT_MS_MAX) {
      throw new ConfigException("--election-timeout[" + electionTimeoutMs + "ms] is too long, and"
          + " should be set less than " + ELECTION_TIMEOUT_MS_MAX + "ms");
    }
  }
}
