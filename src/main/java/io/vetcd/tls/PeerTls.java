package io.vetcd.tls;

import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.TCPSSLOptions;
import io.vetcd.config.MemberConfig;
import io.vetcd.config.MemberUrl;
import io.vetcd.config.TlsInfo;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Peer TLS as etcd 3.4 serves it: an https peer URL is served with the peer certificate (given, or
 * made by --peer-auto-tls under {@code <data-dir>/fixtures/peer}), HTTP/2 through ALPN, and the
 * client checks of --peer-client-cert-auth, --peer-trusted-ca-file and --peer-crl-file. Streams to
 * https peers present the same certificate as their client certificate and trust
 * --peer-trusted-ca-file; with auto TLS (and no trusted CA) they verify no certificate chain, as
 * etcd's self-signed peers do not. --peer-cert-allowed-cn or --peer-cert-allowed-hostname, as in
 * etcd, is checked on every verified peer certificate, a client's at the listener and a server's
 * when dialling ({@link CheckedTrustOptions}). Immutable once resolved.
 */
public final class PeerTls {
  private static final Logger LOG = LoggerFactory.getLogger(PeerTls.class);

  private final TlsInfo tls;
  /** Whether the certificate is --peer-auto-tls's own, which peers do not verify. */
  private final boolean selfSigned;
  private final Optional<AllowedPeerCertificate> allowed;

  private PeerTls(TlsInfo tls, boolean selfSigned) {
    this.tls = tls;
    this.selfSigned = selfSigned;
    this.allowed = AllowedPeerCertificate.of(tls);
  }

  /** Reads the peer TLS settings, making the auto TLS certificate if asked. Blocks. */
  public static PeerTls resolve(MemberConfig config) {
    TlsInfo tls = config.peerTls();
    PeerTls peerTls = new PeerTls(TlsOptions.withAutoCertificate(
        tls, config, "peer", config.listenPeerUrls()), tls.autoTls() && !tls.hasCertificate());
    if (config.listenPeerUrls().stream().anyMatch(MemberUrl::isTls)) {
      LOG.info("PeerTLS: cert = {}, key = {}, trusted-ca = {}, client-cert-auth = {},"
              + " crl-file = {}, cipher-suites = {}, allowed-cn = {}, allowed-hostname = {}",
          peerTls.tls.certFile(), peerTls.tls.keyFile(), tls.trustedCaFile(),
          TlsOptions.requiresClientCertificate(tls), tls.crlFile(), tls.cipherSuites(),
          tls.allowedCn(), tls.allowedHostname());
    }
    return peerTls;
  }

  /** The options of the peer listener on {@code url}: TLS for https, unchanged for http. */
  public HttpServerOptions configureServer(MemberUrl url, HttpServerOptions options) {
    if (!url.isTls()) {
      return options;
    }
    // The rule checks the client certificates asked for; asking none, etcd checks nothing either.
    return checked(TlsOptions.configure(tls, options).setClientAuth(TlsOptions.clientAuth(tls)));
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
    // (etcd still applies an allowed CN or hostname there, to an empty verified chain, and so
    // refuses every peer; vetcd has no chain to check either, and checks nothing.)
    if (selfSigned) {
      return options.setTrustAll(true).setVerifyHost(false);
    }
    return checked(options);
  }

  /** {@code options} whose trust also applies the allowed CN or hostname, when one is set. */
  private <T extends TCPSSLOptions> T checked(T options) {
    allowed.ifPresent(rule ->
        options.setTrustOptions(new CheckedTrustOptions(options.getTrustOptions(), rule)));
    return options;
  }
}
