package io.vetcd.tls;

import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vetcd.config.MemberConfig;
import io.vetcd.config.MemberUrl;
import io.vetcd.config.TlsInfo;
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
    ClientTls clientTls = new ClientTls(TlsOptions.withAutoCertificate(
        tls, config, "client", config.listenClientUrls()));
    clientTls.logListeners(config.listenClientUrls());
    return clientTls;
  }

  private void logListeners(List<MemberUrl> listenUrls) {
    for (MemberUrl url : listenUrls) {
      if (url.isTls()) {
        LOG.info("ClientTLS: cert = {}, key = {}, trusted-ca = {}, client-cert-auth = {},"
                + " crl-file = {}, cipher-suites = {} ({})", tls.certFile(), tls.keyFile(),
            tls.trustedCaFile(), TlsOptions.requiresClientCertificate(tls), tls.crlFile(),
            tls.cipherSuites(), url);
      } else if (tls.hasCertificate()) {
        LOG.warn("client url {} is http: the TLS settings do not apply to it", url);
      }
    }
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
    return TlsOptions.configure(tls, options).setClientAuth(TlsOptions.clientAuth(tls));
  }
}
