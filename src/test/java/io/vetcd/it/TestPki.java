package io.vetcd.it;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made at test time, written as PEM files into one directory: a CA, a server
 * certificate for 127.0.0.1 and localhost signed by it, an "intruder" certificate the same CA
 * signed for another CommonName and host name, a client certificate, a second client certificate
 * that the CA's CRL revokes, and an unrelated "wrong" CA.
 */
final class TestPki {
  private static final Duration VALIDITY = Duration.ofDays(2);
  private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

  final Path dir;
  final Path caCert;
  final Path wrongCaCert;
  final Path serverCert;
  final Path serverKey;
  /** A certificate like the server's but signed by the wrong CA (a peer of another cluster). */
  final Path strangerCert;
  final Path strangerKey;
  /** Signed by the right CA, for 127.0.0.1 too, but with CN=intruder and intruder.example. */
  final Path intruderCert;
  final Path intruderKey;
  final Path clientCert;
  final Path clientKey;
  final Path revokedCert;
  final Path revokedKey;
  final Path crl;

  private TestPki(Path dir) {
    this.dir = dir;
    caCert = dir.resolve("ca.pem");
    wrongCaCert = dir.resolve("wrong-ca.pem");
    serverCert = dir.resolve("server.pem");
    serverKey = dir.resolve("server-key.pem");
    strangerCert = dir.resolve("stranger.pem");
    strangerKey = dir.resolve("stranger-key.pem");
    intruderCert = dir.resolve("intruder.pem");
    intruderKey = dir.resolve("intruder-key.pem");
    clientCert = dir.resolve("client.pem");
    clientKey = dir.resolve("client-key.pem");
    revokedCert = dir.resolve("revoked.pem");
    revokedKey = dir.resolve("revoked-key.pem");
    crl = dir.resolve("ca.crl");
  }

  static TestPki create(Path dir) throws IOException, GeneralSecurityException {
    TestPki pki = new TestPki(dir);
    pki.write();
    return pki;
  }

  private void write() throws IOException, GeneralSecurityException {
    KeyPair caKeys = keyPair();
    X500Name ca = new X500Name("CN=vetcd test CA");
    writePem(caCert, sign(caKeys, certificate(ca, ca, caKeys, null)
        .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))));
    KeyPair wrongKeys = keyPair();
    X500Name wrong = new X500Name("CN=wrong CA");
    writePem(wrongCaCert, sign(wrongKeys, certificate(wrong, wrong, wrongKeys, null)
        .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))));

    // etcd's own gateway dials the server with the server certificate, hence clientAuth too.
    writeServerCertificate(caKeys, ca, "server", "localhost", serverCert, serverKey);
    writeServerCertificate(wrongKeys, wrong, "server", "localhost", strangerCert, strangerKey);
    writeServerCertificate(caKeys, ca, "intruder", "intruder.example", intruderCert, intruderKey);

    KeyPair clientKeys = keyPair();
    writePem(clientKey, clientKeys.getPrivate());
    writePem(clientCert, sign(caKeys, certificate(ca, new X500Name("CN=client"), clientKeys,
        new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth})));

    KeyPair revokedKeys = keyPair();
    writePem(revokedKey, revokedKeys.getPrivate());
    X509CertificateHolder revoked = sign(caKeys, certificate(ca, new X500Name("CN=revoked"),
        revokedKeys, new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth}));
    writePem(revokedCert, revoked);

    Date now = new Date();
    X509v2CRLBuilder crlBuilder = new X509v2CRLBuilder(ca, now);
    crlBuilder.setNextUpdate(Date.from(Instant.now().plus(VALIDITY)));
    crlBuilder.addCRLEntry(revoked.getSerialNumber(), now, CRLReason.keyCompromise);
    writePem(crl, crlBuilder.build(signer(caKeys)));
  }

  /** A certificate for 127.0.0.1 and {@code dnsName}, for server and client authentication. */
  private static void writeServerCertificate(KeyPair issuerKeys, X500Name issuer,
      String commonName, String dnsName, Path cert, Path key)
      throws IOException, GeneralSecurityException {
    KeyPair serverKeys = keyPair();
    writePem(key, serverKeys.getPrivate());
    writePem(cert, sign(issuerKeys, certificate(issuer, new X500Name("CN=" + commonName),
            serverKeys,
            new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth})
        .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
            new GeneralName(GeneralName.dNSName, dnsName)}))));
  }

  private static X509v3CertificateBuilder certificate(
      X500Name issuer, X500Name subject, KeyPair keys, KeyPurposeId[] purposes)
      throws IOException {
    Instant now = Instant.now();
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
        BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(now.minusSeconds(60)),
        Date.from(now.plus(VALIDITY)), subject, keys.getPublic());
    if (purposes != null) {
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
    }
    return builder;
  }

  private static X509CertificateHolder sign(KeyPair issuerKeys, X509v3CertificateBuilder builder)
      throws GeneralSecurityException {
    return builder.build(signer(issuerKeys));
  }

  private static ContentSigner signer(KeyPair keys) throws GeneralSecurityException {
    try {
      return new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate());
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static KeyPair keyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  private static void writePem(Path file, Object value) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
        JcaPEMWriter pem = new JcaPEMWriter(out)) {
      pem.writeObject(value);
    }
  }
}
