package io.vetcd.tls;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * The certificate --auto-tls serves, made as etcd 3.4's transport.SelfCert makes it, so that a
 * data directory moves between etcd and vetcd: cert.pem and key.pem in one directory (0700, the
 * key 0600), kept across restarts; an ECDSA P-521 key (SEC1 "EC PRIVATE KEY"), subject O=etcd,
 * valid one year, for server authentication, naming each listen host.
 */
final class SelfSignedCertificate {
  static final String CERT_FILE = "cert.pem";
  static final String KEY_FILE = "key.pem";
  private static final String CURVE = "secp521r1";
  private static final int CURVE_BITS = 521;
  private static final Duration VALIDITY = Duration.ofDays(365);
  private static final X500Name SUBJECT = new X500Name("O=etcd");
  /** An IPv4 or IPv6 literal (GeneralName wants those as iPAddress, names as dNSName). */
  private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|.*:.*");

  /** Where the certificate and its key are. */
  record KeyCertFiles(Path certFile, Path keyFile) {
  }

  private SelfSignedCertificate() {
  }

  /**
   * The certificate in {@code dir}, made first if it is not there yet. Blocks on key generation
   * and file I/O: call it before deploying or on a worker.
   *
   * @param hosts names and IP literals the certificate is for
   */
  static KeyCertFiles ensure(Path dir, Collection<String> hosts)
      throws IOException, GeneralSecurityException {
    Path cert = dir.resolve(CERT_FILE);
    Path key = dir.resolve(KEY_FILE);
    if (Files.exists(cert) && Files.exists(key)) {
      return new KeyCertFiles(cert, key);
    }
    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwx------")));
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec(CURVE));
    KeyPair pair = generator.generateKeyPair();
    writePem(key, sec1(pair), "rw-------");
    writePem(cert, certificate(pair, hosts), "rw-r--r--");
    return new KeyCertFiles(cert, key);
  }

  private static X509CertificateHolder certificate(KeyPair pair, Collection<String> hosts)
      throws IOException, GeneralSecurityException {
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
        SUBJECT, new BigInteger(128, new SecureRandom()), Date.from(now),
        Date.from(now.plus(VALIDITY)), SUBJECT, pair.getPublic());
    builder.addExtension(Extension.keyUsage, true,
        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
    builder.addExtension(Extension.extendedKeyUsage, false,
        new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
        hosts.stream().distinct().map(SelfSignedCertificate::generalName)
            .toArray(GeneralName[]::new)));
    try {
      // Go signs with SHA-512 for a P-521 key.
      return builder.build(new JcaContentSignerBuilder("SHA512withECDSA").build(pair.getPrivate()));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("cannot sign the auto-tls certificate", e);
    }
  }

  /**
   * The key as Go's x509.MarshalECPrivateKey writes it: SEC1 with the named curve and the public
   * key inside. (The JDK's own encoding leaves the curve out of the SEC1 part, which Go and
   * OpenSSL cannot read.)
   */
  private static PemObject sec1(KeyPair pair) throws IOException {
    SubjectPublicKeyInfo publicKey = SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded());
    ECPrivateKey privateKey = new ECPrivateKey(CURVE_BITS,
        ((java.security.interfaces.ECPrivateKey) pair.getPrivate()).getS(),
        publicKey.getPublicKeyData(), publicKey.getAlgorithm().getParameters());
    return new PemObject("EC PRIVATE KEY", privateKey.getEncoded());
  }

  private static GeneralName generalName(String host) {
    return new GeneralName(
        IP_LITERAL.matcher(host).matches() ? GeneralName.iPAddress : GeneralName.dNSName, host);
  }

  private static void writePem(Path file, Object value, String permissions) throws IOException {
    Path partial = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(partial);
    Files.createFile(partial, PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString(permissions)));
    try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.US_ASCII);
        JcaPEMWriter pem = new JcaPEMWriter(out)) {
      pem.writeObject(value);
    }
    // Renamed into place so that a crash never leaves a half-written file that would be reused.
    Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
  }
}
