package io.vetcd.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * One member run as a real OS process on loopback ports, with etcd's command-line flags, its own
 * temporary data directory and its output kept under target/it-logs: a cluster of one, or a
 * member of a cluster started together ({@link #startCluster}). The ports and the data directory
 * survive {@link #restart()}, so a restarted member recovers its own state.
 */
final class ServerProcess implements AutoCloseable {
  static final String READY_LINE = "ready to serve client requests";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
  static final Path LOG_DIR = Path.of("target", "it-logs");
  /** How both kinds report a port bound by someone else (Go's and Netty's wording, lower-cased). */
  private static final String PORT_TAKEN = "address already in use";
  private static final int START_ATTEMPTS = 5;
  /** Every port {@link #freePort} has returned, so that it never returns one twice. */
  private static final Set<Integer> HANDED_OUT_PORTS = new HashSet<>();

  /**
   * The URL schemes of a member: one client URL (each on its own port) per entry of
   * {@code client}, and one peer URL.
   */
  record Schemes(List<String> client, String peer) {
    static final Schemes PLAIN = new Schemes(List.of("http"), "http");
  }

  private final MemberKind kind;
  private final String name;
  private final Schemes schemes;
  /** Flags beyond the cluster-of-one set, in etcd's syntax (both kinds must accept them). */
  private final List<String> extraFlags;
  private final Path dataDir;
  private final List<Integer> clientPorts;
  private final int peerPort;
  private final Path logFile;
  /** Flags for vetcd's JVM only (system properties such as the peer fault hook's). */
  private List<String> jvmFlags = List.of();
  /** etcd's --initial-cluster for a member of several, or null for a cluster of one. */
  private String initialCluster;
  /** etcd's --initial-cluster-state with {@link #initialCluster}: "existing" for a joining member. */
  private String initialClusterState = "new";
  private Process process;
  private int starts;

  private ServerProcess(MemberKind kind, String name, Schemes schemes, int peerPort,
      List<String> extraFlags) throws IOException {
    this.kind = kind;
    this.name = name;
    this.schemes = schemes;
    this.extraFlags = List.copyOf(extraFlags);
    this.dataDir = Files.createTempDirectory("vetcd-it-" + name + "-");
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < schemes.client().size(); i++) {
      ports.add(freePort());
    }
    this.clientPorts = List.copyOf(ports);
    this.peerPort = peerPort == 0 ? freePort() : peerPort;
    Files.createDirectories(LOG_DIR);
    String stamp = LocalTime.now().format(DateTimeFormatter.ofPattern("HHmmss-SSS"));
    this.logFile = LOG_DIR.resolve(name + "-" + kind.name().toLowerCase() + "-" + stamp + ".log");
  }

  /**
   * Starts a fresh member of the given kind and waits until it serves clients. The ports are
   * picked free but bound only by the member, so another process may take one in between: a start
   * that fails on "address already in use" is retried with new ports and a new data directory.
   */
  static ServerProcess start(MemberKind kind, String name, String... extraFlags)
      throws IOException {
    return start(kind, name, Schemes.PLAIN, extraFlags);
  }

  /** Starts a fresh member with the given URL schemes and waits until it serves clients. */
  static ServerProcess start(MemberKind kind, String name, Schemes schemes, String... extraFlags)
      throws IOException {
    return start(kind, name, schemes, 0, extraFlags);
  }

  /**
   * Starts a fresh member on the given peer port: member and cluster ids derive from the peer
   * URLs, so two members started one after the other on the same port get the same ids.
   */
  static ServerProcess startOnPeerPort(MemberKind kind, String name, int peerPort,
      String... extraFlags) throws IOException {
    return start(kind, name, Schemes.PLAIN, peerPort, extraFlags);
  }

  private static ServerProcess start(MemberKind kind, String name, Schemes schemes, int peerPort,
      String... extraFlags) throws IOException {
    for (int attempt = 1; ; attempt++) {
      ServerProcess server = new ServerProcess(kind, name, schemes, peerPort, List.of(extraFlags));
      try {
        server.launch();
        return server;
      } catch (RuntimeException | IOException e) {
        boolean portTaken = server.output().toLowerCase(Locale.ROOT).contains(PORT_TAKEN);
        server.close();
        if (!portTaken || attempt == START_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /**
   * Starts {@code size} fresh members of one new cluster (names m1, m2, ...), all at once since
   * none serves before a majority has elected a leader, and waits until each serves clients.
   * {@code jvmFlags} go to each vetcd JVM, {@code extraFlags} to each member.
   */
  static List<ServerProcess> startCluster(MemberKind kind, int size, List<String> jvmFlags,
      String... extraFlags) throws IOException {
    return startCluster(kind, Schemes.PLAIN, Collections.nCopies(size, List.of(extraFlags)),
        jvmFlags, size);
  }

  /**
   * Starts a new cluster as above with the given URL schemes and flags of each member's own
   * ({@code memberFlags.get(0)} for m1, ...), and waits only until the first {@code awaited}
   * members serve clients: the others may be meant never to join.
   */
  static List<ServerProcess> startCluster(MemberKind kind, Schemes schemes,
      List<List<String>> memberFlags, List<String> jvmFlags, int awaited) throws IOException {
    List<ServerProcess> members = new ArrayList<>();
    for (int i = 1; i <= memberFlags.size(); i++) {
      ServerProcess member = new ServerProcess(kind, "m" + i, schemes, 0, memberFlags.get(i - 1));
      member.jvmFlags = List.copyOf(jvmFlags);
      members.add(member);
    }
    String cluster = String.join(",",
        members.stream().map(m -> m.name + "=" + m.peerUrl()).toList());
    try {
      List<CompletableFuture<Void>> ready = new ArrayList<>();
      for (ServerProcess member : members) {
        member.initialCluster = cluster;
        ready.add(member.spawn());
      }
      for (int i = 0; i < awaited; i++) {
        members.get(i).awaitReady(ready.get(i));
      }
      return members;
    } catch (RuntimeException | IOException e) {
      members.forEach(ServerProcess::close);
      throw e;
    }
  }

  /**
   * A member of {@code cluster}'s kind, not started yet, that {@link #join()} starts with
   * --initial-cluster-state existing and an --initial-cluster of the cluster and itself, on the
   * cluster's URL schemes: its peer URL is known first, for etcdctl member add.
   */
  static ServerProcess joining(List<ServerProcess> cluster, String name, String... extraFlags)
      throws IOException {
    ServerProcess first = cluster.get(0);
    ServerProcess member = new ServerProcess(first.kind, name, first.schemes, 0,
        List.of(extraFlags));
    member.jvmFlags = first.jvmFlags;
    member.initialClusterState = "existing";
    member.initialCluster = String.join(",", Stream.concat(cluster.stream(),
        Stream.of(member)).map(m -> m.name + "=" + m.peerUrl()).toList());
    return member;
  }

  /** Starts a member made by {@link #joining} and waits until it serves clients. */
  void join() throws IOException {
    launch();
  }

  /** Starts a fresh member of the implementation under test (see {@link MemberKind#underTest()}). */
  static ServerProcess startUnderTest(String name, String... extraFlags) throws IOException {
    return start(MemberKind.underTest(), name, extraFlags);
  }

  MemberKind kind() {
    return kind;
  }

  int clientPort() {
    return clientPorts.get(0);
  }

  /** The port of the member's peer URL (where vetcd's test fault hook listens too). */
  int peerPort() {
    return peerPort;
  }

  /** host:port as etcdctl's --endpoints and most clients take it. */
  String endpoint() {
    return endpoint(0);
  }

  /** host:port of the client URL with the scheme {@code schemes.client().get(index)}. */
  String endpoint(int index) {
    return "127.0.0.1:" + clientPorts.get(index);
  }

  String name() {
    return name;
  }

  String peerUrl() {
    return schemes.peer() + "://127.0.0.1:" + peerPort;
  }

  Path dataDir() {
    return dataDir;
  }

  Path logFile() {
    return logFile;
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  /**
   * Graceful stop (SIGTERM), escalating to SIGKILL if the member does not exit in time.
   * Returns whether it exited on its own (true when it was not running).
   */
  boolean stop() {
    if (process == null) {
      return true;
    }
    boolean exited = false;
    process.destroy();
    try {
      exited = process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (!exited) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    process = null;
    return exited;
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed; a crash as far as the member can tell. */
  void kill9() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** Starts the member again on the same data directory and ports; it must not be running. */
  void restart() throws IOException {
    if (isAlive()) {
      throw new IllegalStateException(name + " is still running");
    }
    launch();
  }

  /**
   * Restarts a member made by {@link #joining} with --initial-cluster-state new instead, as an
   * operator who drops the join flags would: its IDs must come from its data directory.
   */
  void restartWithoutJoinFlags() throws IOException {
    initialClusterState = "new";
    restart();
  }

  /** The member's output so far, for failure messages. */
  String output() {
    try {
      return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(cannot read " + logFile + ": " + e + ")";
    }
  }

  @Override
  public void close() {
    stop();
    deleteRecursively(dataDir);
  }

  private void launch() throws IOException {
    awaitReady(spawn());
  }

  /** Starts the process; the future completes when it logs that it serves clients. */
  private CompletableFuture<Void> spawn() throws IOException {
    starts++;
    List<String> command = new ArrayList<>(kind.launcher(jvmFlags));
    command.addAll(memberFlags(name, dataDir, schemes, clientPorts, peerPort));
    if (initialCluster != null) {
      int clusterFlag = command.indexOf("--initial-cluster");
      command.set(clusterFlag + 1, initialCluster);
      command.addAll(List.of("--initial-cluster-token", "it-cluster",
          "--initial-cluster-state", initialClusterState));
    }
    command.addAll(extraFlags);
    Files.writeString(logFile, "### start " + starts + " at " + Instant.now() + ": "
        + String.join(" ", command) + "\n",
        StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    process = new ProcessBuilder(command).redirectErrorStream(true).start();
    CompletableFuture<Void> ready = new CompletableFuture<>();
    Thread pump = new Thread(() -> pumpOutput(process, ready), name + "-output");
    pump.setDaemon(true);
    pump.start();
    return ready;
  }

  /** etcd's flags for a cluster of one on loopback; both kinds accept them. */
  static List<String> memberFlags(String name, Path dataDir, int clientPort, int peerPort) {
    return memberFlags(name, dataDir, Schemes.PLAIN, List.of(clientPort), peerPort);
  }

  private static List<String> memberFlags(
      String name, Path dataDir, Schemes schemes, List<Integer> clientPorts, int peerPort) {
    List<String> clientUrls = new ArrayList<>();
    for (int i = 0; i < clientPorts.size(); i++) {
      clientUrls.add(schemes.client().get(i) + "://127.0.0.1:" + clientPorts.get(i));
    }
    String clientUrl = String.join(",", clientUrls);
    String peerUrl = schemes.peer() + "://127.0.0.1:" + peerPort;
    return List.of(
        "--name", name,
        "--data-dir", dataDir.toString(),
        "--listen-client-urls", clientUrl,
        "--advertise-client-urls", clientUrl,
        "--listen-peer-urls", peerUrl,
        "--initial-advertise-peer-urls", peerUrl,
        "--initial-cluster", name + "=" + peerUrl);
  }

  /** Copies the member's output to its log file and completes `ready` on the ready line. */
  private void pumpOutput(Process member, CompletableFuture<Void> ready) {
    try (BufferedReader reader = new BufferedReader(
            new InputStreamReader(member.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
            StandardOpenOption.APPEND), true)) {
      String line;
      while ((line = reader.readLine()) != null) {
        log.println(line);
        if (line.contains(READY_LINE)) {
          ready.complete(null);
        }
      }
    } catch (IOException e) {
      ready.completeExceptionally(e);
    }
    ready.completeExceptionally(new IllegalStateException("exited with " + exitCode(member)));
  }

  private void awaitReady(CompletableFuture<Void> ready) {
    try {
      ready.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      kill9();
      String why = e instanceof TimeoutException ? "no ready line within " + READY_TIMEOUT
          : e.getCause().getMessage();
      throw new IllegalStateException(kind + " member " + name + " did not become ready (" + why
          + "); output:\n" + output());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill9();
      throw new IllegalStateException("interrupted while starting " + name, e);
    }
  }

  private static int exitCode(Process member) {
    try {
      return member.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /**
   * A port that is free now and was never handed out before in this JVM: the kernel may offer a
   * just-closed port again, and a cluster's members pick all their ports before any of them binds
   * (CI once saw one member's client port given to another member's peer URL).
   */
  static synchronized int freePort() throws IOException {
    while (true) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        if (HANDED_OUT_PORTS.add(socket.getLocalPort())) {
          return socket.getLocalPort();
        }
      }
    }
  }

  static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.delete(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
