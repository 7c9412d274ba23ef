package io.vetcd.tls;

import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
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
 * How the client listeners serve TLS, as etcd 3.4 does: each https URL gets the certificate
 * (given, or made by --auto-tls), ALPN h2 for gRPC, and the client checks; an http URL among them
 * stays plaintext. Immutable once resolved, so the listener instances on every event loop share it.
 */
public final class ClientTls {
  private static final Logger LOG = LoggerFactory.getLogger(ClientTls.class);
  /**
   * Go's TLS 1.3 suites, which --cipher-suites does not restrict in etcd (Go offers them whatever
   * the list); Java would turn TLS 1.3 off if its enabled suites named none of them.
   */
  private static final List<String> TLS13_SUITES = List.of(
      "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

  private final TlsInfo tls;

  private ClientTls(TlsInfo tls) {
    this.tls = tls;
  }

  /**
   * Reads the client TLS settings; with --auto-tls and no certificate given, makes one under
   * {@code <data-dir>/fixtures/client} (or reuses the one there) as etcd does. Blocks: call it on
   * a worker or before deploying.
   */
  public static ClientTls resolve(MemberConfig config) {
    TlsInfo tls = config.clientTls();
    if (tls.autoTls() && tls.hasCertificate()) {
      LOG.warn("ignoring client auto TLS since certs given");
    } else if (tls.autoTls()) {
      tls = selfSigned(tls, config.dataDir().resolve("fixtures").resolve("client"),
          config.listenClientUrls());
    }
    ClientTls clientTls = new ClientTls(tls);
    clientTls.logListeners(config.listenClientUrls());
    return clientTls;
  }

  private static TlsInfo selfSigned(TlsInfo tls, Path dir, List<MemberUrl> listenUrls) {
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

  private void logListeners(List<MemberUrl> listenUrls) {
    for (MemberUrl url : listenUrls) {
      if (url.isTls()) {
        LOG.info("ClientTLS: cert = {}, key = {}, trusted-ca = {}, client-cert-auth = {},"
                + " crl-file = {}, cipher-suites = {} ({})", tls.certFile(), tls.keyFile(),
            tls.trustedCaFile(), requiresClientCertificate(), tls.crlFile(), tls.cipherSuites(),
            url);
      } else if (tls.hasCertificate()) {
        LOG.warn("client url {} is http: the TLS settings do not apply to it", url);
      }
    }
  }

  /**
   * etcd 3.4 requires and verifies a client certificate when --client-cert-auth is set and also
   * whenever --trusted-ca-file is given (checked against etcd 3.4.23: without a client
   * certificate, etcdctl's connection is rejected with "tls: client didn't provide a
   * certificate").
   */
  private boolean requiresClientCertificate() {
    return tls.clientCertAuth() || !tls.trustedCaFile().isEmpty();
  }

  /**
   * The member's certificate as a client certificate, for its gateway's calls to the member
   * itself (etcd's gateway presents the server certificate too, so --client-cert-auth admits it);
   * null when the member has none.
   */
  public PemKeyCertOptions ownCertificate() {
    return tls.hasCertificate()
        ? new PemKeyCertOptions().setCertPath(tls.certFile()).setKeyPath(tls.keyFile())
        : null;
  }

  /** The options of the listener on {@code url}: TLS for https, unchanged for http. */
  public HttpServerOptions configure(MemberUrl url, HttpServerOptions options) {
    if (!url.isTls()) {
      return options;
    }
    // gRPC clients negotiate HTTP/2 through ALPN; without it they give up on the connection.
    options.setSsl(true)
        .setUseAlpn(true)
        .setKeyCertOptions(new PemKeyCertOptions()
            .setCertPath(tls.certFile())
            .setKeyPath(tls.keyFile()))
        .setClientAuth(requiresClientCertificate() ? ClientAuth.REQUIRED : ClientAuth.NONE);
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
}
