package io.vetcd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vetcd.ReferenceTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compares vetcd's flag handling with the real etcd 3.4 binary when it is installed: the defaults
 * its --help prints, the flag names it knows, and the messages it gives for bad command lines.
 * Every etcd run here fails before it binds a port (see {@link #etcdRefusal}).
 */
class EtcdParityTest {
  private static final Path ETCD = ReferenceTools.ETCD;
  private static final Pattern HELP_FLAG = Pattern.compile("^  --([a-z0-9-]+)(?: '(.*)')?");
  private static final Pattern LOGGED_REFUSAL =
      Pattern.compile(".*etcdmain: error verifying flags, (.*)\\. See 'etcd --help'\\.");
  /**
   * Appended to every command line given to etcd. Its check is the last one etcd's validation
   * makes, so it changes no earlier message; but if etcd accepted everything else, this still
   * stops it before it listens on any port.
   */
  private static final String NEVER_START = "--experimental-enable-lease-checkpoint-persist";

  @TempDir
  static Path workDir;

  @BeforeAll
  static void requireEtcd() {
    ReferenceTools.require(ETCD);
  }

  @Test
  void defaultsAreTheOnesEtcdPrints() throws Exception {
    Map<String, String> etcdDefaults = etcdHelpDefaults();
    for (Flag flag : Flag.values()) {
      String etcdDefault = etcdDefaults.get(flag.flagName);
      assertNotNull(etcdDefault, "etcd --help does not list --" + flag.flagName);
      if (flag.defaultText != null) {
        assertEquals(etcdDefault, flag.defaultText, "default of --" + flag.flagName);
      }
      if (flag != Flag.INITIAL_CLUSTER) {
        assertEquals(etcdDefault, flag.shownDefault, "--help default of --" + flag.flagName);
      }
    }
    MemberConfig defaults = ConfigLoader.load(new String[0], Map.of());
    assertEquals(etcdDefaults.get("data-dir").replace("${name}", "default"),
        defaults.dataDir().toString());
    assertEquals(etcdDefaults.get("initial-cluster"), defaults.initialCluster().toString());
  }

  @Test
  void everyEtcdFlagIsKnown() throws Exception {
    for (String name : etcdHelpDefaults().keySet()) {
      assertTrue(Flag.byName(name).isPresent() || EtcdOnlyFlags.contains(name),
          "etcd flag --" + name + " would be refused by vetcd");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "--snapshot-count=abc",
      "--snapshot-count=-1",
      "--snapshot-count=99999999999999999999",
      "--heartbeat-interval=1.5",
      "--foo",
      "-foo=1",
      "---name",
      "--client-cert-auth=maybe",
      "--listen-client-urls=foo",
      "--listen-peer-urls=http://x",
      "--advertise-client-urls=http://127.0.0.1:2379/v3",
      "--heartbeat-interval=300",
      "--heartbeat-interval=0",
      "--election-timeout=60000",
      "--listen-client-urls=http://127.0.0.1:2379",
      "--listen-client-urls=http://example.com:2379 --advertise-client-urls=http://example.com:2379",
      "--advertise-client-urls=http://:2379",
      "--enable-v2 --pre-vote --snapshot-count=x",
      "positional",
  })
  void refusalsReadLikeEtcds(String commandLine) throws Exception {
    String[] args = commandLine.split(" ");
    String vetcdMessage = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(args, Map.of())).getMessage();
    assertEquals(etcdRefusal(args), vetcdMessage);
  }

  @Test
  void missingFlagArgumentReadsLikeEtcds() throws Exception {
    // Nothing may follow: the flag must be the last argument.
    String[] args = {"--snapshot-count"};
    assertEquals(etcdRefusal(args), assertThrows(ConfigException.class,
        () -> ConfigLoader.load(args, Map.of())).getMessage());
  }

  @Test
  void environmentRefusalsReadLikeEtcds() throws Exception {
    Map<String, String> env = Map.of("ETCD_SNAPSHOT_COUNT", "abc");
    String vetcdMessage = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(new String[0], env)).getMessage();
    assertEquals(etcdRefusal(new String[] {NEVER_START}, env), vetcdMessage);
  }

  private static Map<String, String> etcdHelpDefaults() throws Exception {
    Map<String, String> defaults = new TreeMap<>();
    for (String line : runEtcd(List.of("--help"), Map.of()).stdout.split("\n")) {
      Matcher matcher = HELP_FLAG.matcher(line);
      if (matcher.find()) {
        defaults.put(matcher.group(1), matcher.group(2) == null ? "" : matcher.group(2));
      }
    }
    return defaults;
  }

  /** The reason etcd gives for refusing the arguments, without its log prefix. */
  private static String etcdRefusal(String[] args) throws Exception {
    List<String> command = new ArrayList<>(Arrays.asList(args));
    boolean positionalOnly = !args[0].startsWith("-");
    if (!positionalOnly && !args[args.length - 1].equals("--snapshot-count")) {
      command.add(NEVER_START);
    }
    return etcdRefusal(command.toArray(String[]::new), Map.of());
  }

  private static String etcdRefusal(String[] command, Map<String, String> env) throws Exception {
    EtcdRun run = runEtcd(List.of(command), env);
    assertTrue(run.exitCode != 0, "etcd accepted " + command);
    String firstLine = run.stderr.lines().filter(line -> !line.startsWith("[WARNING]"))
        .findFirst().orElse("");
    Matcher logged = LOGGED_REFUSAL.matcher(firstLine);
    return logged.matches() ? logged.group(1) : firstLine;
  }

  private record EtcdRun(int exitCode, String stdout, String stderr) {
  }

  private static EtcdRun runEtcd(List<String> args, Map<String, String> env)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ETCD.toString());
    command.addAll(args);
    Path stdout = Files.createTempFile(workDir, "etcd", ".out");
    Path stderr = Files.createTempFile(workDir, "etcd", ".err");
    ProcessBuilder builder = new ProcessBuilder(command);
    // Only the variables under test: an ETCD_* variable of the caller would change etcd's answer.
    builder.environment().keySet().removeIf(name -> name.startsWith("ETCD"));
    builder.environment().putAll(env);
    Process process = builder
        .directory(workDir.toFile())
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile())
        .start();
    try {
      assertTrue(process.waitFor(10, TimeUnit.SECONDS), "etcd did not exit: " + command);
    } finally {
      process.destroyForcibly();
    }
    return new EtcdRun(process.exitValue(),
        Files.readString(stdout, StandardCharsets.UTF_8),
        Files.readString(stderr, StandardCharsets.UTF_8));
  }
}
