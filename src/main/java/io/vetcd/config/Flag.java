package io.vetcd.config;

import static io.vetcd.config.Flag.Section.CLUSTERING;
import static io.vetcd.config.Flag.Section.EXPERIMENTAL;
import static io.vetcd.config.Flag.Section.LOGGING;
import static io.vetcd.config.Flag.Section.MEMBER;
import static io.vetcd.config.Flag.Section.SECURITY;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The settings vetcd acts on. Each has one name used three ways, as etcd does: the flag
 * ({@code --data-dir}), the environment variable ({@code ETCD_DATA_DIR}) and the config file key
 * ({@code "data-dir"}). The default is the text etcd uses, parsed like any other value; null means
 * the default is derived from other settings.
 */
enum Flag {
  NAME(MEMBER, "name", "default",
      "Human-readable name of this member."),
  DATA_DIR(MEMBER, "data-dir", null, "${name}.etcd",
      "Directory holding this member's data."),
  SNAPSHOT_COUNT(MEMBER, "snapshot-count", "100000",
      "Committed entries between two snapshots."),
  HEARTBEAT_INTERVAL(MEMBER, "heartbeat-interval", "100",
      "Heartbeat interval, in milliseconds."),
  ELECTION_TIMEOUT(MEMBER, "election-timeout", "1000",
      "Election timeout, in milliseconds."),
  LISTEN_PEER_URLS(MEMBER, "listen-peer-urls", "http://localhost:2380",
      "URLs to listen on for peer traffic."),
  LISTEN_CLIENT_URLS(MEMBER, "listen-client-urls", "http://localhost:2379",
      "URLs to listen on for client traffic."),
  QUOTA_BACKEND_BYTES(MEMBER, "quota-backend-bytes", "0",
      "Backend size that raises the NOSPACE alarm (0: 2 GiB, negative: no quota)."),
  MAX_TXN_OPS(MEMBER, "max-txn-ops", "128",
      "Most operations allowed in one transaction."),
  MAX_REQUEST_BYTES(MEMBER, "max-request-bytes", "1572864",
      "Largest client request accepted, in bytes."),

  INITIAL_ADVERTISE_PEER_URLS(CLUSTERING, "initial-advertise-peer-urls", "http://localhost:2380",
      "This member's peer URLs, as told to the rest of the cluster."),
  INITIAL_CLUSTER(CLUSTERING, "initial-cluster", null, "${name}=${initial-advertise-peer-urls}",
      "Members at bootstrap, as name=url pairs; a name may repeat for several URLs."),
  INITIAL_CLUSTER_STATE(CLUSTERING, "initial-cluster-state", "new",
      "'new' to bootstrap a cluster, 'existing' to join one."),
  STRICT_RECONFIG_CHECK(CLUSTERING, "strict-reconfig-check", "true",
      "Refuse membership changes that would leave fewer started members than a quorum."),
  INITIAL_CLUSTER_TOKEN(CLUSTERING, "initial-cluster-token", "etcd-cluster",
      "Token that keeps clusters bootstrapped side by side apart."),
  ADVERTISE_CLIENT_URLS(CLUSTERING, "advertise-client-urls", "http://localhost:2379",
      "This member's client URLs, as told to clients."),
  AUTO_COMPACTION_RETENTION(CLUSTERING, "auto-compaction-retention", "0",
      "History kept by auto compaction; 0 disables it."),
  AUTO_COMPACTION_MODE(CLUSTERING, "auto-compaction-mode", "periodic",
      "'periodic': the retention is a duration ('5m'; a bare number is hours).\n"
          + "    'revision': it is a number of revisions."),

  CERT_FILE(SECURITY, "cert-file", "",
      "TLS certificate of the client listener."),
  KEY_FILE(SECURITY, "key-file", "",
      "TLS key of the client listener."),
  CLIENT_CERT_AUTH(SECURITY, "client-cert-auth", "false",
      "Require client certificates from clients."),
  TRUSTED_CA_FILE(SECURITY, "trusted-ca-file", "",
      "CA that signs client certificates; giving it requires client certificates, as in etcd."),
  AUTO_TLS(SECURITY, "auto-tls", "false",
      "Serve https client URLs with a self-signed certificate made at start."),
  CLIENT_CRL_FILE(SECURITY, "client-crl-file", "",
      "Client certificates revoked by this CRL are refused."),
  PEER_CERT_FILE(SECURITY, "peer-cert-file", "",
      "TLS certificate of the peer listener."),
  PEER_KEY_FILE(SECURITY, "peer-key-file", "",
      "TLS key of the peer listener."),
  PEER_CLIENT_CERT_AUTH(SECURITY, "peer-client-cert-auth", "false",
      "Require client certificates from peers."),
  PEER_TRUSTED_CA_FILE(SECURITY, "peer-trusted-ca-file", "",
      "CA that signs peer certificates."),
  PEER_CRL_FILE(SECURITY, "peer-crl-file", "",
      "Peer certificates revoked by this CRL are refused."),
  PEER_AUTO_TLS(SECURITY, "peer-auto-tls", "false",
      "Peer TLS using a self-signed certificate made at start (peers do not verify it)."),
  PEER_CERT_ALLOWED_CN(SECURITY, "peer-cert-allowed-cn", "",
      "Allowed CN for inter peer authentication."),
  PEER_CERT_ALLOWED_HOSTNAME(SECURITY, "peer-cert-allowed-hostname", "",
      "Allowed TLS hostname for inter peer authentication."),
  CIPHER_SUITES(SECURITY, "cipher-suites", "",
      "Comma-separated TLS 1.2 cipher suites, by their Go names (default: Java's)."),

  LOG_LEVEL(LOGGING, "log-level", "info",
      "One of debug, info, warn, error, panic or fatal."),

  EXPERIMENTAL_WATCH_PROGRESS_NOTIFY_INTERVAL(EXPERIMENTAL,
      "experimental-watch-progress-notify-interval", "10m",
      "Duration of periodic watch progress notifications (at least 100ms).");

  /** Headings of the --help text, in etcd's order. */
  enum Section { MEMBER, CLUSTERING, SECURITY, LOGGING, EXPERIMENTAL }

  private static final Map<String, Flag> BY_NAME = Arrays.stream(values())
      .collect(Collectors.toMap(flag -> flag.flagName, Function.identity()));

  final Section section;
  final String flagName;
  final String defaultText;
  /** The default as --help shows it: the text, or how it is derived. */
  final String shownDefault;
  final String help;

  Flag(Section section, String flagName, String defaultText, String help) {
    this(section, flagName, defaultText, defaultText, help);
  }

  Flag(Section section, String flagName, String defaultText, String shownDefault, String help) {
    this.section = section;
    this.flagName = flagName;
    this.defaultText = defaultText;
    this.shownDefault = shownDefault;
    this.help = help;
  }

  static Optional<Flag> byName(String flagName) {
    return Optional.ofNullable(BY_NAME.get(flagName));
  }

  boolean isBoolean() {
    return this == CLIENT_CERT_AUTH || this == PEER_CLIENT_CERT_AUTH || this == AUTO_TLS
        || this == PEER_AUTO_TLS || this == STRICT_RECONFIG_CHECK;
  }

  /** ETCD_ followed by the flag name in upper case with '-' turned into '_'. */
  static String envName(String flagName) {
    return "ETCD_" + flagName.toUpperCase(Locale.ROOT).replace('-', '_');
  }
}
