package io.vetcd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Three-member clusters on https peer URLs, as real processes: with --peer-auto-tls they form and
 * replicate; with CA-signed peer certificates and --peer-client-cert-auth they form, and the peer
 * port turns away a TLS client without a certificate and a plaintext HTTP/2 client; a member whose
 * certificate another CA signed does not join, and the other two serve on. With
 * --peer-cert-allowed-cn, a member whose certificate the same CA signed for another CommonName
 * does not join either (etcd 3.4 alike); and a member added with etcdctl member add joins over
 * https peer URLs, asking the cluster's IDs with its peer certificate.
 */
class PeerTlsTest {
  private static final ServerProcess.Schemes HTTPS_PEERS =
      new ServerProcess.Schemes(List.of("http"), "https");
  private static final String RAFT_STREAM = "/raft/stream";
  private static final Duration JOIN_LIMIT = Duration.ofSeconds(20);

  @TempDir
  static Path certDir;
  private static TestPki pki;
  private static Vertx vertx;

  @BeforeAll
  static void makeCertificates() throws Exception {
    pki = TestPki.create(certDir);
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void closeVertx() {
    vertx.close().await();
  }

  @Test
  void autoTlsClusterFormsAndReplicates() throws Exception {
    List<ServerProcess> members = start(3, List.of("--peer-auto-tls"));
    try {
      new Etcdctl(members.get(0).endpoint()).ok("put", "k", "auto");
      for (ServerProcess member : members) {
        assertEquals("k\nauto\n", new Etcdctl(member.endpoint()).ok("get", "k"), member.name());
      }
      assertPlaintextRefused(members.get(1).peerPort());
    } finally {
      members.forEach(ServerProcess::close);
    }
  }

  @Test
  void caSignedPeersWithClientCertAuthFormAndRefuseStrangers() throws Exception {
    List<ServerProcess> members = start(3, caSigned(pki.serverCert, pki.serverKey, pki.caCert));
    try {
      new Etcdctl(members.get(2).endpoint()).ok("put", "k", "signed");
      for (ServerProcess member : members) {
        assertEquals("k\nsigned\n", new Etcdctl(member.endpoint()).ok("get", "k"), member.name());
      }
      int peerPort = members.get(0).peerPort();
      // With the peer certificate the stream request gets an answer (400: no member headers) ...
      assertEquals(400, postStream(peerPort, tlsClient()
          .setKeyCertOptions(new PemKeyCertOptions().setCertPath(pki.serverCert.toString())
              .setKeyPath(pki.serverKey.toString()))));
      // ... without a client certificate the handshake fails.
      assertThrows(Exception.class, () -> postStream(peerPort, tlsClient()));
      assertPlaintextRefused(peerPort);
    } finally {
      members.forEach(ServerProcess::close);
    }
  }

  @Test
  void memberSignedByAnotherCaDoesNotJoin() throws Exception {
    assertThirdKeptOut(MemberKind.VETCD, caSigned(pki.serverCert, pki.serverKey, pki.caCert),
        caSigned(pki.strangerCert, pki.strangerKey, pki.wrongCaCert), members -> { });
  }

  /**
   * Members whose certificates the same CA signed, all with --peer-cert-allowed-cn=server: the two
   * with CN=server form a cluster, the one with CN=intruder is refused by theirs in the TLS
   * handshake (each logs etcd's "client certificate authentication failed") and has no leader.
   */
  @ParameterizedTest
  @EnumSource(MemberKind.class)
  void allowedCnKeepsOutAPeerWithAnotherCommonName(MemberKind kind) throws Exception {
    List<String> allowedCn = List.of("--peer-cert-allowed-cn", "server");
    List<String> member = concat(caSigned(pki.serverCert, pki.serverKey, pki.caCert), allowedCn);
    List<String> intruder =
        concat(caSigned(pki.intruderCert, pki.intruderKey, pki.caCert), allowedCn);
    assertThirdKeptOut(kind, member, intruder, members -> {
      for (ServerProcess allowed : members.subList(0, 2)) {
        assertTrue(allowed.output().contains("client certificate authentication failed"),
            allowed.name() + " logs no refused handshake:\n" + allowed.output());
      }
    });
  }

  /**
   * etcdctl member add, then a member started with --initial-cluster-state existing on https peer
   * URLs with client certificate auth (and --peer-cert-allowed-cn) everywhere: it can learn the
   * cluster's IDs only over peer TLS with its certificate, and then serves a linearizable read of
   * a key written before it joined.
   */
  @Test
  void memberAddedOverHttpsPeersJoins() throws Exception {
    List<String> flags = concat(caSigned(pki.serverCert, pki.serverKey, pki.caCert),
        List.of("--peer-cert-allowed-cn", "server"));
    List<ServerProcess> members = new ArrayList<>(start(2, flags));
    try {
      Etcdctl cluster = new Etcdctl(members.get(0).endpoint());
      cluster.ok("put", "before-join", "1");
      ServerProcess joining =
          ServerProcess.joining(members, "m3", flags.toArray(String[]::new));
      members.add(joining);
      // As etcd, a member refuses changes until its peers' streams have been up for 5 s.
      CommandResult add = Poll.until(JOIN_LIMIT, () -> cluster.run("member", "add", "m3",
          "--peer-urls=" + joining.peerUrl()), CommandResult::succeeded);
      assertTrue(add.stdout().contains("added to cluster"), add.describe());
      joining.join();
      assertEquals("1\n", new Etcdctl(joining.endpoint())
          .ok("get", "before-join", "--consistency=l", "--print-value-only"));
    } finally {
      members.forEach(ServerProcess::close);
    }
  }

  /**
   * Starts two members with {@code member}'s flags and a third with {@code outsider}'s, and
   * checks that the two form a cluster that serves a write while the third, kept out, cannot
   * serve a read; then {@code alsoCheck} runs before they are stopped.
   */
  private static void assertThirdKeptOut(MemberKind kind, List<String> member,
      List<String> outsider, Consumer<List<ServerProcess>> alsoCheck) throws Exception {
    List<ServerProcess> members = ServerProcess.startCluster(kind, HTTPS_PEERS,
        List.of(member, member, outsider), List.of(), 2);
    try {
      new Etcdctl(members.get(0).endpoint()).ok("put", "k", "majority");
      assertEquals("k\nmajority\n", new Etcdctl(members.get(1).endpoint()).ok("get", "k"));
      CommandResult outsiderRead =
          new Etcdctl(members.get(2).endpoint()).run("--command-timeout=2s", "get", "k");
      assertFalse(outsiderRead.succeeded(), outsiderRead.describe());
      alsoCheck.accept(members);
    } finally {
      members.forEach(ServerProcess::close);
    }
  }

  private static List<String> concat(List<String> first, List<String> second) {
    return Stream.concat(first.stream(), second.stream()).toList();
  }

  private static List<ServerProcess> start(int size, List<String> flags) throws Exception {
    return ServerProcess.startCluster(MemberKind.VETCD, HTTPS_PEERS,
        Collections.nCopies(size, flags), List.of(), size);
  }

  private static List<String> caSigned(Path cert, Path key, Path ca) {
    return List.of("--peer-cert-file", cert.toString(), "--peer-key-file", key.toString(),
        "--peer-trusted-ca-file", ca.toString(), "--peer-client-cert-auth");
  }

  private static HttpClientOptions tlsClient() {
    return new HttpClientOptions().setSsl(true).setUseAlpn(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(pki.caCert.toString()));
  }

  /** Neither a stream nor any HTTP answer for an HTTP/2 prior-knowledge client without TLS. */
  private static void assertPlaintextRefused(int peerPort) {
    assertThrows(Exception.class, () -> postStream(peerPort, new HttpClientOptions()));
  }

  /** The status a POST to the stream path gets, HTTP/2 only; throws if there is no answer. */
  private static int postStream(int port, HttpClientOptions options) {
    var client = vertx.createHttpClient(options.setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false).setConnectTimeout(5000));
    try {
      return client.request(HttpMethod.POST, port, "127.0.0.1", RAFT_STREAM)
          .compose(request -> request.send())
          .map(HttpClientResponse::statusCode)
          .timeout(10, TimeUnit.SECONDS)
          .await();
    } finally {
      client.close().await();
    }
  }
}
