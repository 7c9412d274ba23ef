package io.vetcd.tls;

import io.vetcd.config.TlsInfo;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * What --peer-cert-allowed-cn or --peer-cert-allowed-hostname asks of the other side's verified
 * certificate, as etcd 3.4's TLSInfo.AllowedCN and AllowedHostname (pkg/transport/listener.go
 * baseConfig): its CommonName equals the allowed one, or it is valid for the allowed host name or
 * IP address (Go's Certificate.VerifyHostname: the SANs, no CommonName fallback). Checked on the
 * leaf of a chain already verified against the trusted CA, by {@link CheckedTrustOptions}.
 */
final class AllowedPeerCertificate {
  /** etcd's error for a certificate the rule refuses (VerifyPeerCertificate). */
  static final String FAILURE = "client certificate authentication failed";
  /** Go's subjectAltName types in Java's numbering (RFC 5280 GeneralName tags). */
  private static final int DNS_NAME = 2;
  private static final int IP_ADDRESS = 7;
  /** An IP literal, which Go matches against the IP SANs only (Java would resolve a name). */
  private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|.*:.*");

  private final String rule;
  private final Predicate<X509Certificate> admits;

  private AllowedPeerCertificate(String rule, Predicate<X509Certificate> admits) {
    this.rule = rule;
    this.admits = admits;
  }

  /** The rule {@code tls} sets, if any (TlsInfo refuses both at once, as etcd does). */
  static Optional<AllowedPeerCertificate> of(TlsInfo tls) {
    if (!tls.allowedCn().isEmpty()) {
      return Optional.of(new AllowedPeerCertificate(
          "--peer-cert-allowed-cn is \"" + tls.allowedCn() + "\"",
          cert -> tls.allowedCn().equals(commonName(cert))));
    }
    if (!tls.allowedHostname().isEmpty()) {
      return Optional.of(new AllowedPeerCertificate(
          "--peer-cert-allowed-hostname is \"" + tls.allowedHostname() + "\"",
          cert -> validFor(cert, tls.allowedHostname())));
    }
    return Optional.empty();
  }

  boolean admits(X509Certificate leaf) {
    return admits.test(leaf);
  }

  /** The rule in the operator's terms, for the log line of a rejected connection. */
  String rule() {
    return rule;
  }

  /** The certificate as etcd's "rejected connection" line shows it, with its CommonName too. */
  static String describe(X509Certificate cert) {
    return "CommonName \"" + commonName(cert) + "\", IPAddresses " + sans(cert, IP_ADDRESS)
        + ", DNSNames " + sans(cert, DNS_NAME);
  }

  /** Go's Subject.CommonName: the last CN attribute of the subject, "" when there is none. */
  static String commonName(X509Certificate cert) {
    RDN[] names = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded())
        .getRDNs(BCStyle.CN);
    if (names.length == 0) {
      return "";
    }
    ASN1Encodable value = names[names.length - 1].getFirst().getValue();
    return value instanceof ASN1String text ? text.getString() : value.toString();
  }

  /**
   * Go's Certificate.VerifyHostname: an IP literal (brackets allowed) must equal one of the IP
   * SANs; a name must match a DNS SAN, case-insensitively, ignoring a trailing dot, with a
   * wildcard allowed as the whole leftmost label.
   */
  static boolean validFor(X509Certificate cert, String host) {
    String ip = host.length() >= 3 && host.startsWith("[") && host.endsWith("]")
        ? host.substring(1, host.length() - 1) : host;
    if (IP_LITERAL.matcher(ip).matches()) {
      Optional<InetAddress> wanted = ipAddress(ip);
      return wanted.isPresent() && sans(cert, IP_ADDRESS).stream()
          .map(AllowedPeerCertificate::ipAddress).anyMatch(wanted::equals);
    }
    String name = trimDot(host.toLowerCase(Locale.ROOT));
    return sans(cert, DNS_NAME).stream().anyMatch(pattern -> matches(pattern, name));
  }

  private static boolean matches(String pattern, String name) {
    String[] patternLabels = trimDot(pattern.toLowerCase(Locale.ROOT)).split("\\.", -1);
    String[] nameLabels = name.split("\\.", -1);
    if (name.isEmpty() || patternLabels.length != nameLabels.length) {
      return false;
    }
    for (int i = 0; i < patternLabels.length; i++) {
      if (!(i == 0 && patternLabels[0].equals("*")) && !patternLabels[i].equals(nameLabels[i])) {
        return false;
      }
    }
    return true;
  }

  private static String trimDot(String name) {
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }

  private static Optional<InetAddress> ipAddress(String literal) {
    try {
      return Optional.of(InetAddress.getByName(literal));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static List<String> sans(X509Certificate cert, int type) {
    List<String> out = new ArrayList<>();
    try {
      Collection<List<?>> names = cert.getSubjectAlternativeNames();
      if (names != null) {
        names.stream().filter(name -> (Integer) name.get(0) == type)
            .forEach(name -> out.add((String) name.get(1)));
      }
    } catch (CertificateParsingException e) {
      // A certificate whose SANs do not parse names nothing: no host name is valid for it.
    }
    return out;
  }
}
