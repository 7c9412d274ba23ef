package io.vetcd.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the generators' option parsers share: "--name value" pairs, bounded numbers and
 * host:port endpoints.
 */
final class OptionValues {
  private OptionValues() {}

  /** The arguments as (name, value) pairs, in order; a name without a value is refused. */
  static List<Map.Entry<String, String>> pairs(String[] args) {
    List<Map.Entry<String, String>> pairs = new ArrayList<>();
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value for " + args[i]);
      }
      pairs.add(Map.entry(args[i], args[i + 1]));
    }
    return pairs;
  }

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
