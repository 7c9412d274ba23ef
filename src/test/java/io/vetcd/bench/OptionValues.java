package io.vetcd.bench;

/** What the generators' option parsers share: bounded numbers and host:port endpoints. */
final class OptionValues {
  private OptionValues() {}

  static int atLeast(String name, String value, int min) {
    int number = Integer.parseInt(value);
    if (number < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ": " + value);
    }
    return number;
  }

  static String host(String endpoint) {
    return endpoint.substring(0, endpoint.lastIndexOf(':'));
  }

  static int port(String endpoint) {
    return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
  }
}
