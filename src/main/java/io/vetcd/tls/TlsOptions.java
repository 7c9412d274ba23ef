package io.vetcd.tls;

import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.TCPSSLOptions;
import io.vetcd.config.CipherSuites;
import io.vetcd.config.MemberConfig;
import io.vetcd.config.MemberUrl;
import io.vetcd.config.TlsInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the client and the peer listeners share of etcd 3.4's TLS (pkg/transport.TLSInfo): the
 * certificate made by --auto-tls / --peer-auto-tls, and how one {@link TlsInfo} turns into the
 * TLS part of Vert.x options (a server's, or the peer transport's client).
 */
final class TlsOptions {
  private static final Logger LOG = LoggerFactory.getLogger(TlsOptions.class);
  /**
   * Go's TLS 1.3 suites, which --cipher-suites does not restrict in etcd (Go offers them whatever
   * the list); Java would turn TLS 1.3 off if its enabled suites named none of them.
   */
  private static final List<String> TLS13_SUITES = List.of(
      "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

  private TlsOptions() {
  }

  /**
   * {@code tls} with the self-signed certificate under {@code <data-dir>/fixtures/<kind>} when it
   * asks for auto TLS and gives no certificate, as etcd's ClientSelfCert and PeerSelfCert do
   * (with their warning when a certificate is given too). Blocks on key generation and file I/O.
   *
   * @param kind "client" or "peer"
   */
  static TlsInfo withAutoCertificate(TlsInfo tls, MemberConfig config, String kind,
      List<MemberUrl> listenUrls) {
    if (tls.autoTls() && tls.hasCertificate()) {
      LOG.warn("ignoring {} auto TLS since certs given", kind);
    }
    if (!tls.autoTls() || tls.hasCertificate()) {
      return tls;
    }
    Path dir = config.dataDir().resolve("fixtures").resolve(kind);
    try {
      SelfSignedCertificate.KeyCertFiles files = SelfSignedCertificate.ensure(
          dir, listenUrls.stream().map(MemberUrl::host).toList());
      return tls.withCertificate(files.certFile().toString(), files.keyFile().toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the auto-tls certificate in " + dir, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make the auto-tls certificate: " + e, e);
    }
  }

  /**
   * etcd 3.4 requires and verifies a client certificate when client cert auth is set and also
   * whenever a trusted CA file is given (pkg/transport ServerConfig; checked against etcd 3.4.23:
   * without a client certificate, etcdctl's connection is rejected with "tls: client didn't
   * provide a certificate").
   */
  static boolean requiresClientCertificate(TlsInfo tls) {
    return tls.clientCertAuth() || !tls.trustedCaFile().isEmpty();
  }

  /**
   * The TLS part shared by a server and a client: own certificate, trusted CA, CRL, cipher
   * suites, and ALPN (gRPC clients and peers negotiate HTTP/2 through it).
   */
  static <T extends TCPSSLOptions> T configure(TlsInfo tls, T options) {
    options.setSsl(true).setUseAlpn(true);
    if (tls.hasCertificate()) {
      options.setKeyCertOptions(new PemKeyCertOptions()
          .setCertPath(tls.certFile())
          .setKeyPath(tls.keyFile()));
    }
    if (!tls.trustedCaFile().isEmpty()) {
      options.setTrustOptions(new PemTrustOptions().addCertPath(tls.trustedCaFile()));
    }
    if (!tls.crlFile().isEmpty()) {
      options.addCrlPath(tls.crlFile());
    }
    if (!tls.cipherSuites().isEmpty()) {
      tls.cipherSuites().forEach(goName -> options.addEnabledCipherSuite(
          CipherSuites.javaName(goName)));
      TLS13_SUITES.forEach(options::addEnabledCipherSuite);
    }
    return options;
  }

  static ClientAuth clientAuth(TlsInfo tls) {
    return requiresClientCertificate(tls) ? ClientAuth.REQUIRED : ClientAuth.NONE;
  }
}
