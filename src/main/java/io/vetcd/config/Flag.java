package io.vetcd.config;

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
  NAME(Section.MEMBER, "name", "default", "Human-readable name of this member."),
  DATA_DIR(Section.MEMBER, "data-dir", null, "Directory holding this member's data. Default '${name}.etcd'."),
  SNAPSHOT_COUNT(Section.MEMBER, "snapshot-count", "100000", "Committed entries between two snapshots."),
  HEARTBEAT_INTERVAL(Section.MEMBER, "heartbeat-interval", "100", "Heartbeat interval, in milliseconds."),
  ELECTION_TIMEOUT(Section.MEMBER, "election-timeout", "1000", "Election timeout, in milliseconds."),
  LISTEN_PEER_URLS(Section.MEMBER, "listen-peer-urls", "http://localhost:2380", "URLs to listen on for peer traffic."),
  LISTEN_CLIENT_URLS(Section.MEMBER, "listen-client-urls", "http://localhost:2379", "URLs to listen on for client traffic."),
  QUOTA_BACKEND_BYTES(Section.MEMBER, "quota-backend-bytes", "0", "Backend size that raises the NOSPACE alarm (0: 2 GiB, negative: no quota)."),
  MAX_TXN_OPS(Section.MEMBER, "max-txn-ops", "128", "Most operations allowed in one transaction."),
  MAX_REQUEST_BYTES(Section.MEMBER, "max-request-bytes", "1572864", "Largest client request accepted, in bytes."),

  INITIAL_ADVERTISE_PEER_URLS(Section.CLUSTERING, "initial-advertise-peer-urls", "http://localhost:2380", "This member's peer URLs, as told to the rest of the cluster."),
  INITIAL_CLUSTER(Section.CLUSTERING, "initial-cluster", null, "Members at bootstrap, as name=url pairs. Default '${name}=${initial-advertise-peer-urls}'."),
  INITIAL_CLUSTER_STATE(Section.CLUSTERING, "initial-cluster-state", "new", "'new' to bootstrap a cluster, 'existing' to join one."),
  INITIAL_CLUSTER_TOKEN(Section.CLUSTERING, "initial-cluster-token", "etcd-cluster", "Token that keeps clusters bootstrapped side by side apart."),
  ADVERTISE_CLIENT_URLS(Section.CLUSTERING, "advertise-client-urls", "http://localhost:2379", "This member's client URLs, as told to clients."),
  AUTO_COMPACTION_RETENTION(Section.CLUSTERING, "auto-compaction-retention", "0", "History kept by auto compaction; 0 disables it."),
  AUTO_COMPACTION_MODE(Section.CLUSTERING, "auto-compaction-mode", "periodic", "'periodic': retention is a duration ('5m'; a bare number is hours). 'revision': a number of revisions."),

  CERT_FILE(Section.SECURITY, "cert-file", "", "TLS certificate of the client listener."),
  KEY_FILE(Section.SECURITY, "key-file", "", "TLS key of the client listener."),
  CLIENT_CERT_AUTH(Section.SECURITY, "client-cert-auth", "false", "Require client certificates from clients."),
  TRUSTED_CA_FILE(Section.SECURITY, "trusted-ca-file", "", "CA that signs client certificates."),
  PEER_CERT_FILE(Section.SECURITY, "peer-cert-file", "", "TLS certificate of the peer listener."),
  PEER_KEY_FILE(Section.SECURITY, "peer-key-file", "", "TLS key of the peer listener."),
  PEER_CLIENT_CERT_AUTH(Section.SECURITY, "peer-client-cert-auth", "false", "Require client certificates from peers."),
  PEER_TRUSTED_CA_FILE(Section.SECURITY, "peer-trusted-ca-file", "", "CA that signs peer certificates."),

  LOG_LEVEL(Section.LOGGING, "log-level", "info", "One of debug, info, warn, error, panic or fatal.");

  /** Headings of the --help text, in etcd's order. */
  enum Section { MEMBER, CLUSTERING, SECURITY, LOGGING }

  private static final Map<String, Flag> BY_NAME =
      Arrays.stream(values()).collect(Collectors.toMap(f -> f.flagName, Function.identity()));

  final Section section;
  final String flagName;
  final String defaultText;
  final String help;

  Flag(Section section, String flagName, String defaultText, String help) {
    this.section = section;
    this.flagName = flagName;
    this.defaultText = defaultText;
    this.help = help;
  }

  static Optional<Flag> byName(String flagName) {
    return Optional.ofNullable(BY_NAME.get(flagName));
  }

  boolean isBoolean() {
    return this == CLIENT_CERT_AUTH || this == PEER_CLIENT_CERT_AUTH;
  }

  /** ETCD_ followed by the flag name in upper case with '-' turned into '_'. */
  static String envName(String flagName) {
    return "ETCD_" + flagName.toUpperCase(Locale.ROOT).replace('-', '_');
  }
}
