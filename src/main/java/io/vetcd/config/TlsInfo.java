package io.vetcd.config;

import java.util.List;

/**
 * TLS settings of one listener, named as etcd names them. For the client listener they come from
 * --cert-file, --key-file, --client-cert-auth, --trusted-ca-file, --client-crl-file and
 * --auto-tls; for the peer listener from the same flags with the "peer-" prefix, plus
 * --peer-cert-allowed-cn and --peer-cert-allowed-hostname. --cipher-suites applies to both, as in
 * etcd. An empty string means "not given".
 *
 * @param crlFile revoked client certificates (PEM or DER CRL)
 * @param autoTls make a self-signed certificate at start when no certificate is given
 * @param cipherSuites TLS 1.2 suites by their Go names (see {@link CipherSuites}); empty for the
 *     defaults
 * @param allowedCn the CommonName a verified certificate of the other side must have
 * @param allowedHostname the host name or IP address a verified certificate of the other side
 *     must be valid for (its SANs)
 */
public record TlsInfo(
    String certFile, String keyFile, boolean clientCertAuth, String trustedCaFile, String crlFile,
    boolean autoTls, List<String> cipherSuites, String allowedCn, String allowedHostname) {
  public static final TlsInfo NONE =
      new TlsInfo("", "", false, "", "", false, List.of(), "", "");

  public TlsInfo {
    cipherSuites = List.copyOf(cipherSuites);
    if (certFile.isEmpty() != keyFile.isEmpty()) {
      throw new ConfigException("a TLS cert file and key file must be given together (cert file \""
          + certFile + "\", key file \"" + keyFile + "\")");
    }
    // etcd (pkg/transport TLSInfo.baseConfig) refuses the pair only once it builds a TLS config,
    // that is when there is a certificate (given or --peer-auto-tls); without one both are unused.
    // (The parameters, not canServeTls(): the fields are assigned only after this body.)
    if (!allowedCn.isEmpty() && !allowedHostname.isEmpty() && (!certFile.isEmpty() || autoTls)) {
      throw new ConfigException("AllowedCN and AllowedHostname are mutually exclusive (cn=\""
          + allowedCn + "\", hostname=\"" + allowedHostname + "\")");
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
        cipherSuites, allowedCn, allowedHostname);
  }
}
