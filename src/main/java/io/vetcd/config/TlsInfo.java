package io.vetcd.config;

/**
 * TLS settings of one listener, named as etcd names them. For the client listener they come from
 * --cert-file, --key-file, --client-cert-auth and --trusted-ca-file; for the peer listener from
 * the same flags with the "peer-" prefix. An empty string means "not given".
 */
public record TlsInfo(
    String certFile, String keyFile, boolean clientCertAuth, String trustedCaFile) {
  public static final TlsInfo NONE = new TlsInfo("", "", false, "");

  public TlsInfo {
    if (certFile.isEmpty() != keyFile.isEmpty()) {
      throw new ConfigException("a TLS cert file and key file must be given together (cert file \""
          + certFile + "\", key file \"" + keyFile + "\")");
    }
  }

  /** Whether a certificate is configured, so that the listener can serve TLS. */
  public boolean hasCertificate() {
    return !certFile.isEmpty();
  }
}
