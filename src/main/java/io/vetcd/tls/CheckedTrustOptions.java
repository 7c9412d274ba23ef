package io.vetcd.tls;

import io.vertx.core.Vertx;
import io.vertx.core.net.TrustOptions;
import java.net.Socket;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.function.Function;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trust of {@code trusted} (the JDK's default when null) plus an {@link AllowedPeerCertificate}
 * rule on the leaf of every chain it verifies, in both directions as etcd's TLS config applies it:
 * a peer's client certificate at the listener, a peer's server certificate when dialling it. The
 * rule runs inside the handshake, so a refused peer gets a TLS alert and its connection never
 * carries a request.
 */
record CheckedTrustOptions(TrustOptions trusted, AllowedPeerCertificate rule)
    implements TrustOptions {
  private static final Logger LOG = LoggerFactory.getLogger(CheckedTrustOptions.class);

  @Override
  public TrustOptions copy() {
    return new CheckedTrustOptions(trusted == null ? null : trusted.copy(), rule);
  }

  @Override
  public TrustManagerFactory getTrustManagerFactory(Vertx vertx) throws Exception {
    return TrustOptions.wrap(trustManager(vertx)).getTrustManagerFactory(vertx);
  }

  /** The same checked trust whatever the server name (an unchecked mapper would bypass it). */
  @Override
  public Function<String, TrustManager[]> trustManagerMapper(Vertx vertx) throws Exception {
    TrustManager[] managers = {trustManager(vertx)};
    return serverName -> managers;
  }

  private TrustManager trustManager(Vertx vertx) throws Exception {
    TrustManagerFactory factory;
    if (trusted == null) {
      factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init((KeyStore) null);
    } else {
      factory = trusted.getTrustManagerFactory(vertx);
    }
    X509ExtendedTrustManager verifier = Arrays.stream(factory.getTrustManagers())
        .filter(X509ExtendedTrustManager.class::isInstance)
        .map(X509ExtendedTrustManager.class::cast)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no X.509 trust manager in " + factory));
    return new RuleTrustManager(verifier, rule);
  }

  /**
   * Verifies as {@code verifier} does (hostname checks included, through the engine), then
   * applies the rule. Vert.x puts its CRL check in front of it through the plain X509TrustManager
   * methods, hence both kinds.
   */
  private static final class RuleTrustManager extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager verifier;
    private final AllowedPeerCertificate rule;

    RuleTrustManager(X509ExtendedTrustManager verifier, AllowedPeerCertificate rule) {
      this.verifier = verifier;
      this.rule = rule;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      check(() -> verifier.checkClientTrusted(chain, authType, engine), chain, "from", engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      check(() -> verifier.checkServerTrusted(chain, authType, engine), chain, "to", engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      check(() -> verifier.checkClientTrusted(chain, authType, socket), chain, "from", null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      check(() -> verifier.checkServerTrusted(chain, authType, socket), chain, "to", null);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      check(() -> verifier.checkClientTrusted(chain, authType), chain, "from", null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      check(() -> verifier.checkServerTrusted(chain, authType), chain, "to", null);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return verifier.getAcceptedIssuers();
    }

    /** One of the verifier's checks, which throws when the chain is not trusted. */
    private interface Verification {
      void run() throws CertificateException;
    }

    /**
     * Runs {@code verify}, then the rule on the verified leaf; etcd logs a refused handshake as
     * "rejected connection from ..." with the error.
     */
    private void check(Verification verify, X509Certificate[] chain, String direction,
        SSLEngine engine) throws CertificateException {
      verify.run();
      if (rule.admits(chain[0])) {
        return;
      }
      String peer = engine == null || engine.getPeerHost() == null ? "(unknown)"
          : engine.getPeerHost() + ":" + engine.getPeerPort();
      LOG.warn("rejected connection {} \"{}\" (error \"{}\", {}): {}", direction, peer,
          AllowedPeerCertificate.FAILURE, AllowedPeerCertificate.describe(chain[0]), rule.rule());
      throw new CertificateException(AllowedPeerCertificate.FAILURE);
    }
  }
}
