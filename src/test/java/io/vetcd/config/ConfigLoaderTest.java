package io.vetcd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vetcd.config.MemberConfig.ClusterState;
import io.vetcd.config.MemberConfig.CompactionMode;
import io.vetcd.config.MemberConfig.LogLevel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {
  @TempDir
  Path tempDir;

  private static MemberConfig load(String... args) {
    return ConfigLoader.load(args, Map.of());
  }

  private static MemberConfig loadWithEnv(Map<String, String> env, String... args) {
    return ConfigLoader.load(args, env);
  }

  private static String error(String... args) {
    return assertThrows(ConfigException.class, () -> load(args)).getMessage();
  }

  private Path file(String json) throws IOException {
    Path path = Files.createTempFile(tempDir, "member", ".json");
    Files.writeString(path, json);
    return path;
  }

  @Test
  void defaultsAreEtcds() {
    MemberConfig config = load();
    assertEquals("default", config.name());
    assertEquals(Path.of("default.etcd"), config.dataDir());
    assertEquals(List.of(MemberUrl.parse("http://localhost:2379")), config.listenClientUrls());
    assertEquals(List.of(MemberUrl.parse("http://localhost:2379")), config.advertiseClientUrls());
    assertEquals(List.of(MemberUrl.parse("http://localhost:2380")), config.listenPeerUrls());
    assertEquals(List.of(MemberUrl.parse("http://localhost:2380")), config.initialAdvertisePeerUrls());
    assertEquals("default=http://localhost:2380", config.initialCluster().toString());
    assertEquals("etcd-cluster", config.initialClusterToken());
    assertEquals(ClusterState.NEW, config.initialClusterState());
    assertEquals(100_000, config.snapshotCount());
    assertEquals(100, config.heartbeatIntervalMs());
    assertEquals(1000, config.electionTimeoutMs());
    assertEquals(10, config.electionTicks());
    assertEquals(CompactionMode.PERIODIC, config.autoCompactionMode());
    assertEquals("0", config.autoCompactionRetention());
    assertFalse(config.isAutoCompactionEnabled());
    assertEquals(0, config.quotaBackendBytes());
    assertEquals(2L * 1024 * 1024 * 1024, config.effectiveQuotaBackendBytes());
    assertEquals(1_572_864, config.maxRequestBytes());
    assertEquals(128, config.maxTxnOps());
    assertEquals(LogLevel.INFO, config.logLevel());
    assertEquals(TlsInfo.NONE, config.clientTls());
    assertEquals(TlsInfo.NONE, config.peerTls());
    assertEquals(List.of(), config.ignoredFlags());
  }

  @Test
  void nameDerivesDataDirAndInitialCluster() {
    MemberConfig config = load("--name", "infra1",
        "--initial-advertise-peer-urls", "http://127.0.0.1:12380,http://10.0.0.1:12380");
    assertEquals(Path.of("infra1.etcd"), config.dataDir());
    assertEquals("infra1=http://10.0.0.1:12380,infra1=http://127.0.0.1:12380",
        config.initialCluster().toString());
    assertEquals(config.initialAdvertisePeerUrls(), config.initialCluster().peerUrls("infra1"));
  }

  @Test
  void emptyDataDirMeansTheDefault() {
    assertEquals(Path.of("x.etcd"), load("--name=x", "--data-dir=").dataDir());
  }

  @Test
  void flagSyntaxesOfGo() {
    assertEquals("a", load("--name", "a").name());
    assertEquals("b", load("--name=b").name());
    assertEquals("c", load("-name", "c").name());
    assertEquals("d", load("-name=d").name());
    assertEquals("e", load("--name=a", "--name=e").name(), "the last occurrence wins");
    assertEquals("-dash", load("--name", "-dash").name(), "a value flag takes the next argument as is");
    assertEquals("x=y", load("--initial-cluster-token=x=y").initialClusterToken());
  }

  @Test
  void bareBooleanMeansTrue() {
    assertTrue(load("--client-cert-auth").clientTls().clientCertAuth());
    assertTrue(load("-peer-client-cert-auth").peerTls().clientCertAuth());
    assertFalse(load("--client-cert-auth=false").clientTls().clientCertAuth());
    assertTrue(load("--client-cert-auth=T").clientTls().clientCertAuth());
    assertTrue(load("--client-cert-auth=1").clientTls().clientCertAuth());
    // A boolean never takes the next argument: "true" here is a stray positional argument.
    assertEquals("'true' is not a valid flag", error("--client-cert-auth", "true"));
  }

  @Test
  void doubleDashEndsFlags() {
    assertEquals("n", load("--name", "n", "--").name());
    assertEquals("'x' is not a valid flag", error("--", "x"));
  }

  @Test
  void goSyntaxErrors() {
    assertEquals("flag provided but not defined: -foo", error("--foo"));
    assertEquals("flag provided but not defined: -foo", error("-foo=1"));
    assertEquals("flag needs an argument: -snapshot-count", error("--snapshot-count"));
    assertEquals("bad flag syntax: ---name", error("---name"));
    assertEquals("bad flag syntax: -=x", error("-=x"));
    assertEquals("'positional' is not a valid flag", error("positional"));
    assertEquals("invalid boolean value \"maybe\" for -client-cert-auth: parse error",
        error("--client-cert-auth=maybe"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--snapshot-count=abc | invalid value \"abc\" for flag -snapshot-count: parse error",
      "--snapshot-count=-1 | invalid value \"-1\" for flag -snapshot-count: parse error",
      "--snapshot-count=99999999999999999999 | invalid value \"99999999999999999999\" for flag -snapshot-count: value out of range",
      "--heartbeat-interval=1.5 | invalid value \"1.5\" for flag -heartbeat-interval: parse error",
      "--election-timeout=x | invalid value \"x\" for flag -election-timeout: parse error",
      "--max-request-bytes=3000000000 | invalid value \"3000000000\" for flag -max-request-bytes: value out of range",
      "--max-txn-ops= | invalid value \"\" for flag -max-txn-ops: parse error",
      "--quota-backend-bytes=2GB | invalid value \"2GB\" for flag -quota-backend-bytes: parse error",
      "--listen-client-urls=foo | invalid value \"foo\" for flag -listen-client-urls: URL scheme must be http, https, unix, or unixs: foo",
      "--listen-peer-urls=http://x | invalid value \"http://x\" for flag -listen-peer-urls: URL address does not have the form \"host:port\": http://x",
      "--advertise-client-urls=http://127.0.0.1:2379/v3 | invalid value \"http://127.0.0.1:2379/v3\" for flag -advertise-client-urls: URL must not contain a path: http://127.0.0.1:2379/v3",
      "--initial-advertise-peer-urls=http://a:99999 | invalid value \"http://a:99999\" for flag -initial-advertise-peer-urls: URL port must be a number from 0 to 65535: http://a:99999",
      "--initial-cluster=default=foo | invalid value \"default=foo\" for flag -initial-cluster: URL scheme must be http, https, unix, or unixs: foo",
      "--initial-cluster-state=old | invalid value \"old\" for flag -initial-cluster-state: valid values are \"new\", \"existing\"",
      "--log-level=loud | invalid value \"loud\" for flag -log-level: valid values are \"debug\", \"info\", \"warn\", \"error\", \"panic\", \"fatal\"",
      "--auto-compaction-mode=daily | invalid value \"daily\" for flag -auto-compaction-mode: valid values are \"periodic\", \"revision\"",
      "--auto-compaction-retention=abc | invalid value \"abc\" for flag -auto-compaction-retention: time: invalid duration \"abc\"",
      "--auto-compaction-retention=5 minutes | invalid value \"5 minutes\" for flag -auto-compaction-retention: time: unknown unit \" minutes\" in duration \"5 minutes\"",
      "--auto-compaction-retention=-1 | invalid value \"-1\" for flag -auto-compaction-retention: must not be negative",
  })
  void badValuesAreRefusedNamingTheFlag(String arg, String message) {
    assertEquals(message, error(arg));
  }

  @Test
  void revisionRetentionMustBeANumber() {
    assertEquals("invalid value \"1h\" for flag -auto-compaction-retention: must be a number of"
            + " revisions with auto-compaction-mode revision",
        error("--auto-compaction-mode=revision", "--auto-compaction-retention=1h"));
  }

  @Test
  void autoCompactionRetentionIsReadLikeEtcd() {
    assertEquals(Duration.ofHours(5), load("--auto-compaction-retention=5").autoCompactionRetentionPeriod());
    assertEquals(Duration.ofMinutes(30), load("--auto-compaction-retention=30m").autoCompactionRetentionPeriod());
    assertEquals(Duration.ofMinutes(90), load("--auto-compaction-retention=1h30m").autoCompactionRetentionPeriod());
    MemberConfig revision = load("--auto-compaction-mode=revision", "--auto-compaction-retention=1000");
    assertEquals(1000, revision.autoCompactionRetentionRevisions());
    assertTrue(revision.isAutoCompactionEnabled());
    assertThrows(IllegalStateException.class, revision::autoCompactionRetentionPeriod);
  }

  @Test
  void crossFieldRulesOfEtcd() {
    assertEquals("--election-timeout[1000ms] should be at least as 5 times as"
        + " --heartbeat-interval[300ms]", error("--heartbeat-interval=300"));
    assertEquals("--heartbeat-interval must be >0 (set to 0ms)", error("--heartbeat-interval=0"));
    assertEquals("--election-timeout[60000ms] is too long, and should be set less than 50000ms",
        error("--election-timeout=60000"));
    assertEquals("--advertise-client-urls is required when --listen-client-urls is set explicitly",
        error("--listen-client-urls=http://127.0.0.1:2379"));
    assertEquals("expected IP in URL for binding (http://example.com:2379)",
        error("--listen-client-urls=http://example.com:2379",
            "--advertise-client-urls=http://example.com:2379"));
    assertEquals("--advertise-client-urls \"http://:2379\" must be \"host:port\" (unexpected empty"
        + " host (http://:2379))", error("--advertise-client-urls=http://:2379"));
  }

  @Test
  void tlsNeedsACertificateAndKey() {
    assertEquals("TLS key/cert (--cert-file, --key-file) must be provided for client url"
        + " https://127.0.0.1:2379 with HTTPS scheme",
        error("--listen-client-urls=https://127.0.0.1:2379",
            "--advertise-client-urls=https://127.0.0.1:2379"));
    assertEquals("cannot listen on TLS for 127.0.0.1:2380: KeyFile and CertFile are not presented",
        error("--listen-peer-urls=https://127.0.0.1:2380"));
    assertEquals("a TLS cert file and key file must be given together (cert file \"c.pem\", key"
        + " file \"\")", error("--cert-file=c.pem"));
    MemberConfig tls = load("--listen-client-urls=https://127.0.0.1:2379",
        "--advertise-client-urls=https://127.0.0.1:2379", "--cert-file=c.pem", "--key-file=k.pem",
        "--trusted-ca-file=ca.pem", "--client-cert-auth");
    assertEquals(new TlsInfo("c.pem", "k.pem", true, "ca.pem", "", false, List.of(), "", ""),
        tls.clientTls());
    assertTrue(tls.clientTls().hasCertificate());
    assertFalse(tls.peerTls().hasCertificate());
  }

  @Test
  void autoTlsServesHttpsUrlsWithoutACertificate() {
    MemberConfig config = load("--listen-client-urls=https://127.0.0.1:2379",
        "--advertise-client-urls=https://127.0.0.1:2379", "--auto-tls",
        "--listen-peer-urls=https://127.0.0.1:2380", "--peer-auto-tls",
        "--initial-advertise-peer-urls=https://127.0.0.1:2380");
    assertTrue(config.clientTls().autoTls());
    assertTrue(config.peerTls().autoTls());
    assertFalse(config.clientTls().hasCertificate());
    assertEquals(List.of(), config.ignoredFlags());
  }

  /**
   * etcd 3.4 reads both (no longer "ignored"), and refuses them together only once it builds a
   * TLS config, that is with a peer certificate; without one they are unused, as in etcd.
   */
  @Test
  void peerCertAllowedCnAndHostnameAreReadAndExclusiveWithACertificate() {
    MemberConfig config = load("--peer-cert-file=p.pem", "--peer-key-file=pk.pem",
        "--peer-cert-allowed-cn=etcd-peer");
    assertEquals("etcd-peer", config.peerTls().allowedCn());
    assertEquals("", config.peerTls().allowedHostname());
    assertEquals(List.of(), config.ignoredFlags());
    assertEquals("peer.example", loadWithEnv(
        Map.of("ETCD_PEER_CERT_ALLOWED_HOSTNAME", "peer.example")).peerTls().allowedHostname());
    assertEquals("AllowedCN and AllowedHostname are mutually exclusive (cn=\"a\","
        + " hostname=\"b\")", error("--peer-auto-tls", "--peer-cert-allowed-cn=a",
            "--peer-cert-allowed-hostname=b"));
    assertEquals("a", load("--peer-cert-allowed-cn=a", "--peer-cert-allowed-hostname=b")
        .peerTls().allowedCn());
  }

  @Test
  void crlAndCipherSuitesAreRead() {
    MemberConfig config = load("--client-crl-file=revoked.crl", "--cipher-suites",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305");
    assertEquals("revoked.crl", config.clientTls().crlFile());
    List<String> suites = List.of(
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305");
    assertEquals(suites, config.clientTls().cipherSuites());
    assertEquals(suites, config.peerTls().cipherSuites());
    assertEquals("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        CipherSuites.javaName("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305"));
  }

  @Test
  void unknownCipherSuiteIsRefusedWithEtcdsReason() {
    // etcd 3.4.23: `etcd --cipher-suites TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_FOO` logs
    // 'unexpected TLS cipher suite "TLS_FOO"' and exits.
    assertEquals("invalid value \"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_FOO\" for flag"
        + " -cipher-suites: unexpected TLS cipher suite \"TLS_FOO\"",
        error("--cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_FOO"));
  }

  @Test
  void httpsNeedsAnHttp2CipherSuiteAsInEtcd() {
    // etcd 3.4.23 with only TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 on an https URL: "listener
    // failed" with this error, from Go's http2 package.
    assertEquals("http2: TLSConfig.CipherSuites is missing an HTTP/2-required AES_128_GCM_SHA256"
        + " cipher (need at least one of TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 or"
        + " TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)",
        error("--listen-client-urls=https://127.0.0.1:2379",
            "--advertise-client-urls=https://127.0.0.1:2379", "--auto-tls",
            "--cipher-suites=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"));
    assertEquals(1, load("--cipher-suites=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384")
        .clientTls().cipherSuites().size(), "plaintext URLs do not need it");
  }

  @Test
  void memberNameMustBeInTheInitialCluster() {
    assertEquals("couldn't find local name \"x\" in the initial cluster configuration",
        error("--name=x", "--initial-cluster=a=http://localhost:2380"));
    assertEquals("couldn't find local name \"default\" in the initial cluster configuration",
        error("--initial-cluster="));
  }

  @Test
  void flagBeatsEnvBeatsFileBeatsDefault() throws IOException {
    Path conf = file("""
        {"name": "from-file", "snapshot-count": 30, "log-level": "warn", "max-txn-ops": 64,
         "initial-cluster-token": "file-token",
         "initial-cluster": "from-file=http://localhost:2380,from-env=http://localhost:2381,from-flag=http://localhost:2382"}
        """);
    Map<String, String> env = Map.of(
        "ETCD_NAME", "from-env", "ETCD_SNAPSHOT_COUNT", "20", "ETCD_LOG_LEVEL", "error");

    MemberConfig fileOnly = load("--config-file", conf.toString());
    assertEquals("from-file", fileOnly.name());
    assertEquals(30, fileOnly.snapshotCount());
    assertEquals(Path.of("from-file.etcd"), fileOnly.dataDir());

    MemberConfig fileAndEnv = loadWithEnv(env, "--config-file", conf.toString());
    assertEquals("from-env", fileAndEnv.name());
    assertEquals(20, fileAndEnv.snapshotCount());
    assertEquals(LogLevel.ERROR, fileAndEnv.logLevel());
    assertEquals(64, fileAndEnv.maxTxnOps(), "the file still beats the default");
    assertEquals("file-token", fileAndEnv.initialClusterToken());

    MemberConfig all = loadWithEnv(env, "--config-file", conf.toString(),
        "--name", "from-flag", "--snapshot-count=10");
    assertEquals("from-flag", all.name());
    assertEquals(10, all.snapshotCount());
    assertEquals(LogLevel.ERROR, all.logLevel(), "env beats file where no flag is given");
    assertEquals(128, load().maxTxnOps());
    assertEquals(Path.of("from-flag.etcd"), all.dataDir());
  }

  @Test
  void envNamesAreTheFlagNamesUpperCased() {
    MemberConfig config = loadWithEnv(Map.of(
        "ETCD_DATA_DIR", "/var/lib/etcd",
        "ETCD_LISTEN_CLIENT_URLS", "http://127.0.0.1:4001",
        "ETCD_ADVERTISE_CLIENT_URLS", "http://127.0.0.1:4001",
        "ETCD_CLIENT_CERT_AUTH", "true",
        "ETCD_QUOTA_BACKEND_BYTES", "0x1000",
        "ETCD_NAME", ""));
    assertEquals(Path.of("/var/lib/etcd"), config.dataDir());
    assertEquals(4001, config.listenClientUrls().get(0).port());
    assertTrue(config.clientTls().clientCertAuth());
    assertEquals(4096, config.quotaBackendBytes());
    assertEquals("default", config.name(), "an empty variable is unset, as in etcd");
  }

  @Test
  void badEnvValueNamesTheVariable() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> loadWithEnv(Map.of("ETCD_SNAPSHOT_COUNT", "abc")));
    assertEquals("invalid value \"abc\" for ETCD_SNAPSHOT_COUNT: parse error", e.getMessage());
  }

  @Test
  void badFileValueNamesTheKeyAndFile() throws IOException {
    Path conf = file("{\"heartbeat-interval\": \"fast\"}");
    assertEquals("invalid value \"fast\" for \"heartbeat-interval\" in config file " + conf
        + ": parse error", error("-conf", conf.toString()));
  }

  @Test
  void configFileFromConfOrConfigFileOrEnv() throws IOException {
    Path conf = file("{\"name\": \"n1\", \"initial-cluster\": \"n1=http://localhost:2380\"}");
    assertEquals("n1", load("-conf", conf.toString()).name());
    assertEquals("n1", load("--conf=" + conf).name());
    assertEquals("n1", load("--config-file", conf.toString()).name());
    assertEquals("n1", loadWithEnv(Map.of("ETCD_CONFIG_FILE", conf.toString())).name());
    assertEquals("give the config file with -conf or with --config-file, not both",
        error("-conf", conf.toString(), "--config-file", conf.toString()));
  }

  @Test
  void confTakesJsonText() {
    assertEquals(7, load("-conf", "{\"snapshot-count\": 7}").snapshotCount());
  }

  @Test
  void fileReadsArraysBooleansAndEtcdTlsObjects() throws IOException {
    Path conf = file("""
        {"listen-client-urls": ["http://127.0.0.1:2379", "http://10.0.0.1:2379"],
         "advertise-client-urls": "http://10.0.0.1:2379",
         "client-transport-security": {"cert-file": "c.pem", "key-file": "k.pem",
            "client-cert-auth": true, "trusted-ca-file": "ca.pem", "auto-tls": false},
         "peer-transport-security": {"cert-file": "pc.pem", "key-file": "pk.pem",
            "client-cert-auth": false, "trusted-ca-file": "pca.pem", "auto-tls": true},
         "cipher-suites": ["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"],
         "enable-v2": true, "wal-dir": null}
        """);
    MemberConfig config = load("--config-file", conf.toString());
    assertEquals(2, config.listenClientUrls().size());
    List<String> suites = List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    assertEquals(new TlsInfo("c.pem", "k.pem", true, "ca.pem", "", false, suites, "", ""),
        config.clientTls());
    assertEquals(new TlsInfo("pc.pem", "pk.pem", false, "pca.pem", "", true, suites, "", ""),
        config.peerTls());
    assertEquals(List.of("enable-v2", "wal-dir"), config.ignoredFlags());
  }

  @Test
  void badFilesAreRefused() throws IOException {
    Path typo = file("{\"data_dir\": \"x\"}");
    assertEquals("unknown key \"data_dir\" in config file " + typo, error("-conf", typo.toString()));
    Path notJson = file("name: x");
    assertTrue(error("-conf", notJson.toString()).startsWith("config file " + notJson + " is not valid JSON"));
    Path array = file("[]");
    assertEquals("config file " + array + " must hold a JSON object", error("-conf", array.toString()));
    Path missing = tempDir.resolve("missing.json");
    assertTrue(error("--config-file", missing.toString())
        .startsWith("cannot read config file " + missing));
    assertTrue(error("--config-file", "bad\0name").startsWith("cannot read config file bad"));
  }

  @Test
  void etcdFlagsWithoutEffectAreAcceptedAndReported() {
    MemberConfig config = loadWithEnv(Map.of("ETCD_LOGGER", "zap"),
        "--enable-v2", "--pre-vote=true", "--wal-dir", "/w", "--snapshot-count", "5");
    assertEquals(5, config.snapshotCount(), "a bare etcd boolean does not eat the next flag");
    assertEquals(List.of("enable-v2", "logger", "pre-vote", "wal-dir"), config.ignoredFlags());
  }

  @ParameterizedTest
  @ValueSource(strings = {"-h", "--help", "-help", "--h"})
  void helpIsAnExitRequest(String flag) {
    ExitRequest request = assertThrows(ExitRequest.class, () -> load("--name=x", flag, "--bogus"));
    assertTrue(request.text().contains("--snapshot-count '100000'"), request.text());
  }

  @Test
  void helpListsEveryFlagWithItsDefault() {
    String help = HelpText.usage();
    for (Flag flag : Flag.values()) {
      assertTrue(help.contains("--" + flag.flagName), flag.flagName);
    }
    assertTrue(help.contains("--initial-cluster-state 'new'"));
    assertTrue(help.contains("--data-dir '${name}.etcd'"));
  }

  @Test
  void versionIsAnExitRequestUnlessFalse() {
    ExitRequest request = assertThrows(ExitRequest.class, () -> load("--version"));
    assertTrue(request.text().startsWith("etcd Version: 3.4."), request.text());
    assertTrue(request.text().contains("vetcd Version: "), request.text());
    assertEquals("default", load("--version=false").name());
    assertEquals("flag provided but not defined: -bogus", error("--bogus", "--version"),
        "flags are checked before the version is printed, as in Go");
  }

  @Test
  void outcomesPrintAndChooseTheExitStatus() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

    int refused = ConfigLoader.printOutcome(new ConfigException("flag provided but not defined: -x"),
        outStream, errStream);
    assertEquals(2, refused);
    assertEquals("error verifying flags, flag provided but not defined: -x. See 'vetcd --help'.\n",
        err.toString(StandardCharsets.UTF_8));

    int help = ConfigLoader.printOutcome(new ExitRequest("usage\n"), outStream, errStream);
    assertEquals(0, help);
    assertEquals("usage\n", out.toString(StandardCharsets.UTF_8));
  }
}
