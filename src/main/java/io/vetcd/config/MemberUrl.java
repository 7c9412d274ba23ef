package io.vetcd.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One URL of a member, as etcd accepts it: scheme http, https, unix or unixs, an explicit
 * "host:port", and no path. The host is kept without the brackets of an IPv6 literal.
 */
public record MemberUrl(String scheme, String host, int port) {
  private static final Set<String> SCHEMES = Set.of("http", "https", "unix", "unixs");
  private static final String IPV4_OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
  private static final Pattern IPV4 = Pattern.compile("(" + IPV4_OCTET + "\\.){3}" + IPV4_OCTET);
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[\\w.-]+)?");

  public MemberUrl {
    if (!SCHEMES.contains(scheme)) {
      throw new IllegalArgumentException(
          "URL scheme must be http, https, unix, or unixs: " + scheme);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /**
   * Parses one URL; the message of the {@link IllegalArgumentException} is etcd's reason, e.g.
   * {@code URL address does not have the form "host:port": http://x}.
   */
  public static MemberUrl parse(String text) {
    String in = text.strip();
    URI uri;
    try {
      uri = new URI(in);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("parse \"" + in + "\": " + e.getReason());
    }
    if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme())) {
      throw new IllegalArgumentException("URL scheme must be http, https, unix, or unixs: " + in);
    }
    String authority = uri.getRawAuthority();
    if (uri.isOpaque() || authority == null) {
      throw new IllegalArgumentException("URL address does not have the form \"host:port\": " + in);
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("URL must not contain user information: " + in);
    }
    if (!uri.getRawPath().isEmpty()) {
      throw new IllegalArgumentException("URL must not contain a path: " + in);
    }
    return fromAuthority(uri.getScheme(), authority, in);
  }

  /**
   * Parses a comma-separated list, as every *-urls flag takes it. Like etcd, drops duplicates and
   * sorts by text, so that two members given the same URLs in another order agree.
   */
  public static List<MemberUrl> parseList(String commaSeparated) {
    if (commaSeparated.isBlank()) {
      throw new IllegalArgumentException("no valid URLs given");
    }
    List<MemberUrl> urls = new ArrayList<>();
    for (String part : commaSeparated.split(",", -1)) {
      urls.add(parse(part));
    }
    return sorted(urls);
  }

  /** The URLs in etcd's order (by text), without duplicates. */
  static List<MemberUrl> sorted(List<MemberUrl> urls) {
    return urls.stream().distinct().sorted(Comparator.comparing(MemberUrl::toString)).toList();
  }

  private static MemberUrl fromAuthority(String scheme, String authority, String in) {
    String notHostPort = "URL address does not have the form \"host:port\": " + in;
    String host;
    String port;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0 || close + 1 >= authority.length() || authority.charAt(close + 1) != ':') {
        throw new IllegalArgumentException(notHostPort);
      }
      host = authority.substring(1, close);
      port = authority.substring(close + 2);
    } else {
      int colon = authority.indexOf(':');
      if (colon < 0 || colon != authority.lastIndexOf(':')) {
        throw new IllegalArgumentException(notHostPort);
      }
      host = authority.substring(0, colon);
      port = authority.substring(colon + 1);
    }
    if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')
        || Integer.parseInt(port) > 65535) {
      throw new IllegalArgumentException("URL port must be a number from 0 to 65535: " + in);
    }
    return new MemberUrl(scheme, host, Integer.parseInt(port));
  }

  public boolean isTls() {
    return scheme.equals("https") || scheme.equals("unixs");
  }

  public boolean isUnixSocket() {
    return scheme.startsWith("unix");
  }

  /**
   * Whether a server can bind to this URL without resolving a name: etcd refuses a host name in
   * a listen URL other than "localhost", because it cannot know which interface was meant.
   */
  public boolean isBindable() {
    return isUnixSocket() || host.equals("localhost") || isIpLiteral(host);
  }

  private static boolean isIpLiteral(String host) {
    return IPV4.matcher(host).matches() || host.contains(":") && IPV6.matcher(host).matches();
  }

  /** "host:port", with brackets around an IPv6 literal. */
  public String hostAndPort() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  @Override
  public String toString() {
    return scheme + "://" + hostAndPort();
  }
}
