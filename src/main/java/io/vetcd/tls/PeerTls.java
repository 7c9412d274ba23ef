package io.vetcd.tls;

import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vetcd.config.MemberConfig;
import io.vetcd.config.MemberUrl;
import io.vetcd.config.TlsInfo;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Peer TLS as etcd 3.4 serves it: an https peer URL is served with the peer certificate (given, or
 * made by --peer-auto-tls under {@code <data-dir>/fixtures/peer}), HTTP/2 through ALPN, and the
 * client checks of --peer-client-cert-auth, --peer-trusted-ca-file and --peer-crl-file. Streams to
 * https peers present the same certificate as their client certificate and trust
 * --peer-trusted-ca-file; with auto TLS (and no trusted CA) they verify no certificate chain, as
 * etcd's self-signed peers do not. Immutable once resolved.
 */
public final class PeerTls {
  private static final Logger LOG = LoggerFactory.getLogger(PeerTls.class);

  private final TlsInfo tls;
  /** Whether the certificate is --peer-auto-tls's own, which peers do not verify. */
  private final boolean selfSigned;

  private PeerTls(TlsInfo tls, boolean selfSigned) {
    this.tls = tls;
    this.selfSigned = selfSigned;
  }

  /** Reads the peer TLS settings, making the auto TLS certificate if asked. Blocks. */
  public static PeerTls resolve(MemberConfig config) {
    TlsInfo tls = config.peerTls();
    PeerTls peerTls = new PeerTls(TlsOptions.withAutoCertificate(
        tls, config, "peer", config.listenPeerUrls()), tls.autoTls() && !tls.hasCertificate());
    if (config.listenPeerUrls().stream().anyMatch(MemberUrl::isTls)) {
      LOG.info("PeerTLS: cert = {}, key = {}, trusted-ca = {}, client-cert-auth = {},"
              + " crl-file = {}, cipher-suites = {}", peerTls.tls.certFile(),
          peerTls.tls.keyFile(), tls.trustedCaFile(),
          TlsOptions.requiresClientCertificate(tls), tls.crlFile(), tls.cipherSuites());
    }
    return peerTls;
  }

  /** The options of the peer listener on {@code url}: TLS for https, unchanged for http. */
  public HttpServerOptions configureServer(MemberUrl url, HttpServerOptions options) {
    if (!url.isTls()) {
      return options;
    }
    return TlsOptions.configure(tls, options).setClientAuth(TlsOptions.clientAuth(tls));
  }

  /**
   * The options of the client that opens streams to peers, when any peer URL is https (each
   * stream asks for TLS by its peer's scheme).
   */
  public HttpClientOptions configureClient(List<MemberUrl> peerUrls, HttpClientOptions options) {
    if (peerUrls.stream().noneMatch(MemberUrl::isTls)) {
      return options;
    }
    TlsOptions.configure(tls, options);
    // etcd's self-signed peer certificates carry InsecureSkipVerify: nothing to verify them by.
    if (selfSigned) {
      options.setTrustAll(true).setVerifyHost(false);
    }
    return options;
  }
}
