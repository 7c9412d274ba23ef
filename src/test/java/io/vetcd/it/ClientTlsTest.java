package io.vetcd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on the client port, driven with the real etcdctl and certificates made at test time. Each
 * expectation was first checked against etcd 3.4.23 on the same certificates
 * ({@code -Dvetcd.it.target=etcd}); etcdctl prints the same error for every refused handshake.
 */
class ClientTlsTest {
  /** What etcdctl prints when it cannot complete a TLS handshake (etcd 3.4.23 and vetcd alike). */
  private static final String REFUSED = "Error: context deadline exceeded";
  private static final ServerProcess.Schemes HTTPS =
      new ServerProcess.Schemes(List.of("https"), "http");

  @TempDir
  static Path certDir;
  private static TestPki pki;
  /** --trusted-ca-file, --client-cert-auth and --client-crl-file: the strictest listener. */
  private static ServerProcess strict;

  @BeforeAll
  static void startStrictMember() throws Exception {
    pki = TestPki.create(certDir);
    strict = startWithCertificate("tls-strict", HTTPS, "--trusted-ca-file", pki.caCert.toString(),
        "--client-cert-auth", "--client-crl-file", pki.crl.toString());
  }

  @AfterAll
  static void stopStrictMember() {
    if (strict != null) {
      strict.close();
    }
  }

  @Test
  void rightCaAndClientCertificateServeRequests() {
    Etcdctl etcdctl = new Etcdctl(strict.endpoint());
    assertEquals("OK\n", etcdctl.ok(withClient(pki.clientCert, pki.clientKey, "put", "k", "v")));
    assertEquals("k\nv\n", etcdctl.ok(withClient(pki.clientCert, pki.clientKey, "get", "k")));
  }

  @Test
  void serverCertificateFromAnotherCaIsRefusedByTheClient() {
    assertRefused(new Etcdctl(strict.endpoint()).run("--cacert=" + pki.wrongCaCert,
        "--cert=" + pki.clientCert, "--key=" + pki.clientKey, "get", "k"));
  }

  @Test
  void clientWithoutCertificateIsRefusedUnderClientCertAuth() {
    assertRefused(new Etcdctl(strict.endpoint()).run("--cacert=" + pki.caCert, "get", "k"));
  }

  @Test
  void revokedClientCertificateIsRefusedWithCrl() {
    assertRefused(new Etcdctl(strict.endpoint())
        .run(withClient(pki.revokedCert, pki.revokedKey, "get", "k")));
  }

  @Test
  void plaintextToTheTlsPortGetsNoData() throws IOException {
    assertRefused(new Etcdctl(strict.endpoint()).run("get", "k"));
    String answer = plaintextHttpGet(strict.clientPort(), "/version");
    assertFalse(answer.contains("etcdserver") || answer.startsWith("HTTP/"),
        "a plaintext request got an answer: " + answer);
  }

  @Test
  void httpEndpointsAreServedOverTheSameTls() {
    Vertx vertx = Vertx.vertx();
    try {
      var client = vertx.createHttpClient(new HttpClientOptions().setSsl(true)
          .setTrustOptions(new PemTrustOptions().addCertPath(pki.caCert.toString()))
          .setKeyCertOptions(new PemKeyCertOptions().setCertPath(pki.clientCert.toString())
              .setKeyPath(pki.clientKey.toString())));
      String version = client.request(HttpMethod.GET, strict.clientPort(), "127.0.0.1", "/version")
          .compose(request -> request.send())
          .compose(response -> response.body())
          .await().toString();
      assertTrue(version.contains("\"etcdserver\":\"3.4."), version);
      String health = client.request(HttpMethod.GET, strict.clientPort(), "127.0.0.1", "/health")
          .compose(request -> request.send())
          .compose(response -> response.body())
          .await().toString();
      assertTrue(health.contains("\"health\":\"true\""), health);
    } finally {
      vertx.close().await();
    }
  }

  /** The gateway calls its member over TLS with the member's certificate, as etcd's does. */
  @Test
  void gatewayServesAMemberThatRequiresClientCertificates() {
    String answer = gatewayRange(strict.clientPort(), true);
    assertTrue(answer.startsWith("200 ") && answer.contains("\"header\""), answer);
  }

  /**
   * A unixs URL as the first client URL (etcd sorts them, so it is first only when every one is
   * unix or unixs; vetcd binds its host and port): the gateway calls it over TLS.
   */
  @Test
  void gatewayBehindAUnixsFirstUrlServes() throws IOException {
    try (ServerProcess member = startWithCertificate("tls-unixs",
        new ServerProcess.Schemes(List.of("unixs"), "http"))) {
      String answer = gatewayRange(member.clientPort(), true);
      assertTrue(answer.startsWith("200 ") && answer.contains("\"header\""), answer);
    }
  }

  /** POST /v3/kv/range through the gateway: "status body". */
  private static String gatewayRange(int port, boolean tls) {
    Vertx vertx = Vertx.vertx();
    try {
      HttpClientOptions options = new HttpClientOptions();
      if (tls) {
        options.setSsl(true)
            .setTrustOptions(new PemTrustOptions().addCertPath(pki.caCert.toString()))
            .setKeyCertOptions(new PemKeyCertOptions().setCertPath(pki.clientCert.toString())
                .setKeyPath(pki.clientKey.toString()));
      }
      // Held in a variable: Vert.x closes a client that is no longer referenced.
      var client = vertx.createHttpClient(options);
      return client.request(HttpMethod.POST, port, "127.0.0.1", "/v3/kv/range")
          .compose(request -> request.send("{\"key\":\"Zm9v\"}"))
          .compose(response -> response.body().map(body -> response.statusCode() + " " + body))
          .await();
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void trustedCaAloneRequiresAClientCertificateAsEtcd34Does() throws IOException {
    try (ServerProcess member = startWithCertificate("tls-ca-only", HTTPS,
        "--trusted-ca-file", pki.caCert.toString())) {
      Etcdctl etcdctl = new Etcdctl(member.endpoint());
      assertRefused(etcdctl.run("--cacert=" + pki.caCert, "get", "k"));
      assertEquals("OK\n", etcdctl.ok(withClient(pki.clientCert, pki.clientKey, "put", "k", "v")));
    }
  }

  @Test
  void httpAndHttpsUrlsMixedEachServeTheirOwnWay() throws IOException {
    try (ServerProcess member = startWithCertificate("tls-mixed",
        new ServerProcess.Schemes(List.of("http", "https"), "http"))) {
      Etcdctl plain = new Etcdctl(member.endpoint(0));
      Etcdctl tls = new Etcdctl(member.endpoint(1));
      assertEquals("OK\n", plain.ok("put", "k", "plain"));
      assertEquals("k\nplain\n", tls.ok("--cacert=" + pki.caCert, "get", "k"));
      assertRefused(tls.run("get", "k"));
      assertRefused(plain.run("--cacert=" + pki.caCert, "get", "k"));
    }
  }

  @Test
  void cipherSuitesLimitTls12ToTheNamedSuites() throws Exception {
    try (ServerProcess member = startWithCertificate("tls-ciphers", HTTPS,
        "--cipher-suites", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")) {
      assertEquals("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          tls12Handshake(member.clientPort(), "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
      assertThrows(SSLException.class,
          () -> tls12Handshake(member.clientPort(), "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"));
      assertEquals("OK\n", new Etcdctl(member.endpoint()).ok("--cacert=" + pki.caCert,
          "put", "k", "v"));
    }
  }

  @Test
  void autoTlsServesASelfSignedCertificateKeptInTheDataDir() throws Exception {
    try (ServerProcess member = ServerProcess.start(
        MemberKind.underTest(), "tls-auto", HTTPS, "--auto-tls")) {
      Etcdctl etcdctl = new Etcdctl(member.endpoint());
      assertEquals("OK\n", etcdctl.ok("--insecure-skip-tls-verify", "--insecure-transport=false",
          "put", "k", "v"));
      assertRefused(etcdctl.run("get", "k"));
      assertRefused(etcdctl.run("--cacert=" + pki.caCert, "get", "k"));
      Path certFile = member.dataDir().resolve("fixtures/client/cert.pem");
      X509Certificate cert;
      try (InputStream in = Files.newInputStream(certFile)) {
        cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      }
      assertEquals("O=etcd", cert.getSubjectX500Principal().getName());
      assertTrue(cert.getSubjectAlternativeNames().toString().contains("127.0.0.1"),
          cert.getSubjectAlternativeNames().toString());
      assertTrue(Files.exists(certFile.resolveSibling("key.pem")));
    }
  }

  @Test
  void peerAutoTlsStartsAndServesNoPeerTraffic() throws IOException {
    try (ServerProcess member = ServerProcess.start(MemberKind.underTest(), "tls-peer-auto",
        new ServerProcess.Schemes(List.of("http"), "https"), "--peer-auto-tls")) {
      assertEquals("OK\n", new Etcdctl(member.endpoint()).ok("put", "k", "v"));
      if (member.kind() == MemberKind.VETCD) {
        assertTrue(member.output().contains("single member: no listener on peer urls"),
            member.output());
      }
    }
  }

  private static ServerProcess startWithCertificate(
      String name, ServerProcess.Schemes schemes, String... flags) throws IOException {
    List<String> all = new ArrayList<>(List.of(
        "--cert-file", pki.serverCert.toString(), "--key-file", pki.serverKey.toString()));
    all.addAll(Arrays.asList(flags));
    return ServerProcess.start(MemberKind.underTest(), name, schemes, all.toArray(String[]::new));
  }

  private static String[] withClient(Path cert, Path key, String... command) {
    List<String> args = new ArrayList<>(List.of(
        "--cacert=" + pki.caCert, "--cert=" + cert, "--key=" + key));
    args.addAll(Arrays.asList(command));
    return args.toArray(String[]::new);
  }

  private static void assertRefused(CommandResult result) {
    assertTrue(!result.succeeded() && result.stderr().contains(REFUSED), result.describe());
    assertEquals("", result.stdout(), result.describe());
  }

  /** Sends an HTTP/1.1 request in plaintext; returns whatever comes back before EOF or 5 s. */
  private static String plaintextHttpGet(int port, String path) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      try {
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      } catch (SocketTimeoutException | SocketException e) {
        return "";
      }
    }
  }

  /** A TLS 1.2 handshake offering only {@code suite}; returns the suite agreed on. */
  private static String tls12Handshake(int port, String suite)
      throws IOException, GeneralSecurityException {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    try (InputStream in = Files.newInputStream(pki.caCert)) {
      trusted.setCertificateEntry("ca",
          CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLSv1.2");
    context.init(null, trust.getTrustManagers(), null);
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      // A member's first handshake loads and seeds its TLS stack: seconds on a loaded machine.
      socket.setSoTimeout(30_000);
      socket.setEnabledProtocols(new String[] {"TLSv1.2"});
      socket.setEnabledCipherSuites(new String[] {suite});
      socket.startHandshake();
      return socket.getSession().getCipherSuite();
    }
  }
}
