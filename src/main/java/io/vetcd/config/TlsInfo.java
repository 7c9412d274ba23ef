package io.vetcd.config;

import java.util.List;

/**
 * TLS settings of one listener, named as etcd names them. For the client listener they come from
 * --cert-file, --key-file, --client-cert-auth, --trusted-ca-file, --client-crl-file and
 * --auto-tls; for the peer listener from the same flags with the "peer-" prefix. --cipher-suites
 * applies to both, as in etcd. An empty string means "not given".
 *
 * @param crlFile revoked client certificates (PEM or DER CRL)
 * @param autoTls make a self-signed certificate at start when no certificate is given
 * @param cipherSuites TLS 1.2 suites by their Go names (see {@link CipherSuites}); empty for the
 *     defaults
 */
public record TlsInfo(
    String certFile, String keyFile, boolean clientCertAuth, String trustedCaFile, String crlFile,
    boolean autoTls, List<String> cipherSuites) {
  public static final TlsInfo NONE = new TlsInfo("", "", false, "", "", false, List.of());

  public TlsInfo {
    cipherSuites = List.copyOf(cipherSuites);
    if (certFile.isEmpty() != keyFile.isEmpty()) {
      throw new ConfigException("a TLS cert file and key file must be given together (cert file \""
          + certFile + "\", key file \"" + keyFile + "\")");
    }
  }

  /** Whether a certificate is configured, so that the listener can serve TLS. */
  public boolean hasCertificate() {
    return !certFile.isEmpty();
  }

  /** Whether an https URL can be served: with the given certificate or one made at start. */
  public boolean canServeTls() {
    return hasCertificate() || autoTls;
  }

  /** The same settings serving the given certificate, e.g. the one --auto-tls made. */
  public TlsInfo withCertificate(String newCertFile, String newKeyFile) {
    return new TlsInfo(newCertFile, newKeyFile, clientCertAuth, trustedCaFile, crlFile, autoTls,
        cipherSuites);
  }
}
