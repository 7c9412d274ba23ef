package io.vetcd.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vetcd.config.TlsInfo;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --peer-cert-allowed-hostname as Go's Certificate.VerifyHostname decides it (crypto/x509
 * verify.go: IP literals against the IP SANs, names against the DNS SANs, one leftmost wildcard
 * label, no case, no trailing dot), and --peer-cert-allowed-cn on the subject's CommonName, on a
 * certificate made by the --auto-tls generator (subject O=etcd, no CN).
 */
class AllowedPeerCertificateTest {
  @TempDir
  static Path dir;
  private static X509Certificate cert;

  @BeforeAll
  static void makeCertificate() throws Exception {
    SelfSignedCertificate.KeyCertFiles files = SelfSignedCertificate.ensure(
        dir, List.of("127.0.0.1", "::1", "node1.example", "*.wild.example"));
    try (InputStream in = Files.newInputStream(files.certFile())) {
      cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  @Test
  void hostnameMatchesTheSansAsGoDoes() {
    assertTrue(admitsHostname("node1.example"));
    assertTrue(admitsHostname("NODE1.Example."), "no case, trailing dot ignored");
    assertTrue(admitsHostname("a.wild.example"));
    assertFalse(admitsHostname("a.b.wild.example"), "the wildcard is one label");
    assertFalse(admitsHostname("wild.example"));
    assertFalse(admitsHostname("node2.example"));
    assertTrue(admitsHostname("127.0.0.1"));
    assertTrue(admitsHostname("[::1]"), "an IPv6 literal in brackets");
    assertTrue(admitsHostname("0:0:0:0:0:0:0:1"));
    assertFalse(admitsHostname("127.0.0.2"));
  }

  @Test
  void commonNameMustEqualTheAllowedOne() {
    assertEquals("", AllowedPeerCertificate.commonName(cert));
    assertFalse(rule("etcd", "").admits(cert));
    assertTrue(AllowedPeerCertificate.describe(cert).contains("DNSNames [node1.example,"),
        AllowedPeerCertificate.describe(cert));
  }

  private static boolean admitsHostname(String hostname) {
    return rule("", hostname).admits(cert);
  }

  private static AllowedPeerCertificate rule(String cn, String hostname) {
    return AllowedPeerCertificate.of(
        new TlsInfo("", "", false, "", "", false, List.of(), cn, hostname)).orElseThrow();
  }
}
