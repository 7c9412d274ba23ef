package io.vetcd.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vetcd.config.ConfigLoader;
import io.vetcd.config.MemberConfig;
import io.vetcd.config.MemberUrl;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the client TLS flags become listener options, and the --auto-tls certificate. */
class ClientTlsOptionsTest {
  private static final MemberUrl HTTPS = MemberUrl.parse("https://127.0.0.1:2379");
  private static final MemberUrl HTTP = MemberUrl.parse("http://127.0.0.1:2381");

  @TempDir
  Path dataDir;

  private MemberConfig load(String... flags) {
    List<String> args = new ArrayList<>(List.of("--data-dir", dataDir.toString(),
        "--listen-client-urls", HTTPS + "," + HTTP, "--advertise-client-urls", HTTPS.toString()));
    args.addAll(List.of(flags));
    return ConfigLoader.load(args.toArray(String[]::new), Map.of());
  }

  @Test
  void autoTlsMakesEtcdsCertificateOnceAndKeepsIt() throws Exception {
    ClientTls tls = ClientTls.resolve(load("--auto-tls"));
    Path dir = dataDir.resolve("fixtures/client");
    Path cert = dir.resolve("cert.pem");
    byte[] first = Files.readAllBytes(cert);
    X509Certificate parsed;
    try (InputStream in = Files.newInputStream(cert)) {
      parsed = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    assertEquals("O=etcd", parsed.getSubjectX500Principal().getName());
    assertEquals(List.of("1.3.6.1.5.5.7.3.1"), // serverAuth
        parsed.getExtendedKeyUsage());
    assertEquals("[[7, 127.0.0.1]]", parsed.getSubjectAlternativeNames().toString());
    assertEquals("rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("key.pem"))));
    assertTrue(Files.readString(dir.resolve("key.pem")).startsWith("-----BEGIN EC PRIVATE KEY"));
    HttpServerOptions options = tls.configure(HTTPS, new HttpServerOptions());
    assertTrue(options.isSsl());
    Vertx vertx = Vertx.vertx();
    try {
      // The listener must be able to load what was written (a SEC1 key without its curve failed).
      assertNotNull(options.getKeyCertOptions().getKeyManagerFactory(vertx));
    } finally {
      vertx.close().await();
    }

    ClientTls.resolve(load("--auto-tls"));
    assertArrayEquals(first, Files.readAllBytes(cert), "a restart reuses the certificate");
  }

  @Test
  void httpsGetsAlpnAndClientChecksHttpStaysPlain() {
    ClientTls tls = ClientTls.resolve(load("--auto-tls", "--trusted-ca-file", "ca.pem",
        "--client-crl-file", "revoked.crl",
        "--cipher-suites", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
    HttpServerOptions https = tls.configure(HTTPS, new HttpServerOptions());
    assertTrue(https.isSsl());
    assertTrue(https.isUseAlpn());
    // etcd 3.4 requires client certificates once a trusted CA is given, client-cert-auth or not.
    assertEquals(ClientAuth.REQUIRED, https.getClientAuth());
    assertEquals(List.of("revoked.crl"), https.getCrlPaths());
    assertTrue(https.getEnabledCipherSuites().contains("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
    assertTrue(https.getEnabledCipherSuites().contains("TLS_AES_128_GCM_SHA256"),
        "TLS 1.3 stays on, as Go's cipher list does not restrict it");
    HttpServerOptions plain = new HttpServerOptions();
    assertSame(plain, tls.configure(HTTP, plain));
    assertFalse(plain.isSsl());
  }

  @Test
  void noTrustedCaAndNoClientCertAuthAsksForNoClientCertificate() {
    ClientTls tls = ClientTls.resolve(load("--auto-tls"));
    assertEquals(ClientAuth.NONE, tls.configure(HTTPS, new HttpServerOptions()).getClientAuth());
  }
}
