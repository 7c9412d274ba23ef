package io.vetcd.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * --cipher-suites: the TLS 1.2 cipher suites etcd 3.4 accepts, by their Go names (its
 * pkg/tlsutil table), with the names Java's TLS stack knows them by. Go names them as the IANA
 * registry does, except for ChaCha20, where Go leaves out the "_SHA256" suffix.
 */
public final class CipherSuites {
  private static final Map<String, String> JAVA_NAME_BY_GO_NAME = javaNames();

  private CipherSuites() {
  }

  private static Map<String, String> javaNames() {
    List<String> sameName = List.of(
        "TLS_RSA_WITH_RC4_128_SHA",
        "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
        "TLS_RSA_WITH_AES_128_CBC_SHA",
        "TLS_RSA_WITH_AES_256_CBC_SHA",
        "TLS_RSA_WITH_AES_128_CBC_SHA256",
        "TLS_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA",
        "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
        "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
        "TLS_ECDHE_RSA_WITH_RC4_128_SHA",
        "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA",
        "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
        "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
        "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
    Map<String, String> names = new HashMap<>();
    sameName.forEach(name -> names.put(name, name));
    names.put("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    names.put("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
    return Map.copyOf(names);
  }

  /**
   * Reads the flag's comma-separated Go names, in the order given; "" gives an empty list (Java's
   * defaults).
   *
   * @throws IllegalArgumentException with etcd's message for a name it does not know
   */
  static List<String> parse(String commaSeparated) {
    List<String> goNames = new ArrayList<>();
    if (commaSeparated.isEmpty()) {
      return goNames;
    }
    for (String name : commaSeparated.split(",", -1)) {
      if (!JAVA_NAME_BY_GO_NAME.containsKey(name)) {
        throw new IllegalArgumentException("unexpected TLS cipher suite \"" + name + "\"");
      }
      goNames.add(name);
    }
    return List.copyOf(goNames);
  }

  /** The JSSE name of a suite that {@link #parse} accepted. */
  public static String javaName(String goName) {
    String name = JAVA_NAME_BY_GO_NAME.get(goName);
    if (name == null) {
      throw new IllegalArgumentException("not a cipher suite etcd knows: " + goName);
    }
    return name;
  }
}
