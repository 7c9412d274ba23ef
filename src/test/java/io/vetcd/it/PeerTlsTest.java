package io.vetcd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three-member clusters on https peer URLs, as real processes: with --peer-auto-tls they form and
 * replicate; with CA-signed peer certificates and --peer-client-cert-auth they form, and the peer
 * port turns away a TLS client without a certificate and a plaintext HTTP/2 client; a member whose
 * certificate another CA signed does not join, and the other two serve on.
 */
class PeerTlsTest {
  private static final ServerProcess.Schemes HTTPS_PEERS =
      new ServerProcess.Schemes(List.of("http"), "https");
  private static final String RAFT_STREAM = "/raft/stream";

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
    List<String> member = caSigned(pki.serverCert, pki.serverKey, pki.caCert);
    List<String> stranger = caSigned(pki.strangerCert, pki.strangerKey, pki.wrongCaCert);
    List<ServerProcess> members = ServerProcess.startCluster(MemberKind.VETCD, HTTPS_PEERS,
        List.of(member, member, stranger), List.of(), 2);
    try {
      new Etcdctl(members.get(0).endpoint()).ok("put", "k", "majority");
      assertEquals("k\nmajority\n", new Etcdctl(members.get(1).endpoint()).ok("get", "k"));
      CommandResult strangerRead =
          new Etcdctl(members.get(2).endpoint()).run("--command-timeout=2s", "get", "k");
      assertFalse(strangerRead.succeeded(), strangerRead.describe());
    } finally {
      members.forEach(ServerProcess::close);
    }
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
