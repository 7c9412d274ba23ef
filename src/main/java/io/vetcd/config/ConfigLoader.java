package io.vetcd.config;

import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds a {@link MemberConfig} from a command line and an environment, with etcd's flag names,
 * syntax, defaults and error messages.
 *
 * <p>Precedence, highest first: command-line flags, ETCD_* environment variables (the flag name
 * in upper case with '-' as '_', e.g. ETCD_DATA_DIR), the JSON config file (see
 * {@link ConfigFile}), the defaults. The file is named by {@code -conf FILE} (Vert.x launcher
 * style; it may also be the JSON text itself), {@code --config-file FILE}, or ETCD_CONFIG_FILE.
 *
 * <p>Two deliberate differences from etcd: etcd ignores flags and environment once a config file
 * is given, and refuses an environment variable that a flag shadows; vetcd layers all three so
 * that a shared file can be overridden per member.
 */
public final class ConfigLoader {
  /** The exit status of a refused configuration, as Go's flag package uses for etcd. */
  public static final int EXIT_CODE_BAD_CONFIG = 2;

  private ConfigLoader() {
  }

  /**
   * Reads the configuration; reads no file other than the config file the arguments or the
   * environment name.
   *
   * @throws ConfigException for an unknown flag, a value that does not parse, or settings that
   *     contradict each other
   * @throws ExitRequest for --help, -h and --version
   */
  public static MemberConfig load(String[] args, Map<String, String> env) {
    FlagParser.ParsedArgs parsed = FlagParser.parse(args);
    if (parsed.helpRequested()) {
      throw new ExitRequest(HelpText.usage());
    }
    RawValue version = parsed.values().get(FlagParser.VERSION);
    if (version != null && Settings.bool(version)) {
      throw new ExitRequest(Versions.text());
    }
    // Each source overwrites the one below it.
    Map<String, RawValue> merged = new HashMap<>();
    TreeSet<String> ignoredFlags = new TreeSet<>();
    configFile(parsed.values(), env).ifPresent(file -> {
      merged.putAll(file.values());
      ignoredFlags.addAll(file.ignoredFlags());
    });
    readEnv(env, merged, ignoredFlags);
    parsed.values().forEach((name, value) -> {
      if (Flag.byName(name).isPresent()) {
        merged.put(name, value);
      } else if (EtcdOnlyFlags.contains(name)) {
        ignoredFlags.add(name);
      }
    });
    return build(new Settings(merged), List.copyOf(ignoredFlags));
  }

  private static void readEnv(
      Map<String, String> env, Map<String, RawValue> merged, Set<String> ignoredFlags) {
    for (Flag flag : Flag.values()) {
      String text = env.getOrDefault(Flag.envName(flag.flagName), "");
      // etcd treats an empty variable as unset.
      if (!text.isEmpty()) {
        merged.put(flag.flagName, RawValue.ofEnv(flag.flagName, text));
      }
    }
    EtcdOnlyFlags.all()
        .filter(name -> !env.getOrDefault(Flag.envName(name), "").isEmpty())
        .forEach(ignoredFlags::add);
  }

  /**
   * {@link #load}, for a main method: prints help or the version and exits 0, or prints why the
   * configuration is refused to stderr and exits {@value #EXIT_CODE_BAD_CONFIG}.
   */
  public static MemberConfig loadOrExit(String[] args, Map<String, String> env) {
    try {
      return load(args, env);
    } catch (ExitRequest | ConfigException e) {
      System.exit(printOutcome(e, System.out, System.err));
      throw new IllegalStateException("System.exit returned", e);
    }
  }

  /** Prints what an early exit shows; returns its exit status. */
  static int printOutcome(RuntimeException outcome, PrintStream out, PrintStream err) {
    if (outcome instanceof ExitRequest request) {
      out.print(request.text());
      out.flush();
      return 0;
    }
    err.println("error verifying flags, " + outcome.getMessage() + ". See 'vetcd --help'.");
    err.flush();
    return EXIT_CODE_BAD_CONFIG;
  }

  private static Optional<ConfigFile.Contents> configFile(
      Map<String, RawValue> flags, Map<String, String> env) {
    RawValue conf = flags.get(FlagParser.CONF);
    RawValue configFile = flags.get(FlagParser.CONFIG_FILE);
    if (conf != null && configFile != null) {
      throw new ConfigException("give the config file with -conf or with --config-file, not both");
    }
    if (conf != null) {
      String text = conf.text().strip();
      return Optional.of(text.startsWith("{")
          ? ConfigFile.parse(text, "given with -conf")
          : readFile(text));
    }
    String path = configFile != null
        ? configFile.text()
        : env.getOrDefault(Flag.envName(FlagParser.CONFIG_FILE), "");
    return path.isEmpty() ? Optional.empty() : Optional.of(readFile(path));
  }

  private static ConfigFile.Contents readFile(String path) {
    try {
      return ConfigFile.read(Path.of(path));
    } catch (InvalidPathException e) {
      throw new ConfigException("cannot read config file " + path + ": " + e.getMessage());
    }
  }

  private static MemberConfig build(Settings settings, List<String> ignoredFlags) {
    String name = settings.string(Flag.NAME);
    String dataDir = settings.string(Flag.DATA_DIR);
    MemberConfig.CompactionMode compactionMode =
        settings.choice(Flag.AUTO_COMPACTION_MODE, MemberConfig.CompactionMode.class);
    List<MemberUrl> advertisePeerUrls = settings.urls(Flag.INITIAL_ADVERTISE_PEER_URLS);
    List<MemberUrl> listenClientUrls = settings.urls(Flag.LISTEN_CLIENT_URLS);
    // etcd would advertise localhost to clients of a member that listens elsewhere: it refuses.
    if (settings.isGiven(Flag.LISTEN_CLIENT_URLS)
        && !settings.isGiven(Flag.ADVERTISE_CLIENT_URLS)) {
      throw new ConfigException(
          "--advertise-client-urls is required when --listen-client-urls is set explicitly");
    }
    InitialCluster initialCluster = settings.isGiven(Flag.INITIAL_CLUSTER)
        ? settings.initialCluster()
        : InitialCluster.ofSingleMember(name, advertisePeerUrls);
    return new MemberConfig(
        name,
        Path.of(dataDir.isEmpty() ? name + ".etcd" : dataDir),
        listenClientUrls,
        settings.urls(Flag.ADVERTISE_CLIENT_URLS),
        settings.urls(Flag.LISTEN_PEER_URLS),
        advertisePeerUrls,
        initialCluster,
        settings.string(Flag.INITIAL_CLUSTER_TOKEN),
        settings.choice(Flag.INITIAL_CLUSTER_STATE, MemberConfig.ClusterState.class),
        settings.bool(Flag.STRICT_RECONFIG_CHECK),
        settings.unsignedLong(Flag.SNAPSHOT_COUNT),
        settings.unsignedInt(Flag.HEARTBEAT_INTERVAL),
        settings.unsignedInt(Flag.ELECTION_TIMEOUT),
        compactionMode,
        settings.autoCompactionRetention(compactionMode),
        settings.signedLong(Flag.QUOTA_BACKEND_BYTES),
        settings.unsignedInt(Flag.MAX_REQUEST_BYTES),
        settings.unsignedInt(Flag.MAX_TXN_OPS),
        settings.duration(Flag.EXPERIMENTAL_WATCH_PROGRESS_NOTIFY_INTERVAL),
        settings.choice(Flag.LOG_LEVEL, MemberConfig.LogLevel.class),
        new TlsInfo(
            settings.string(Flag.CERT_FILE),
            settings.string(Flag.KEY_FILE),
            settings.bool(Flag.CLIENT_CERT_AUTH),
            settings.string(Flag.TRUSTED_CA_FILE),
            settings.string(Flag.CLIENT_CRL_FILE),
            settings.bool(Flag.AUTO_TLS),
            settings.cipherSuites(),
            "",
            ""),
        new TlsInfo(
            settings.string(Flag.PEER_CERT_FILE),
            settings.string(Flag.PEER_KEY_FILE),
            settings.bool(Flag.PEER_CLIENT_CERT_AUTH),
            settings.string(Flag.PEER_TRUSTED_CA_FILE),
            settings.string(Flag.PEER_CRL_FILE),
            settings.bool(Flag.PEER_AUTO_TLS),
            settings.cipherSuites(),
            settings.string(Flag.PEER_CERT_ALLOWED_CN),
            settings.string(Flag.PEER_CERT_ALLOWED_HOSTNAME)),
        ignoredFlags);
  }
}
