package io.vetcd.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a command line with the syntax of Go's flag package, which etcd uses: one or two leading
 * dashes, {@code -flag=value} or {@code -flag value}, a boolean flag alone meaning true, parsing
 * stops at "--". Values stay text here; only the flag names are checked.
 */
final class FlagParser {
  /** etcd's own config file flag. */
  static final String CONFIG_FILE = "config-file";
  /** The Vert.x launcher's config flag: a file name, or the JSON text itself. */
  static final String CONF = "conf";
  static final String VERSION = "version";

  /**
   * @param values flag name to its value, the last occurrence winning as in Go
   * @param helpRequested -h, -help or --help was reached; parsing stopped there
   */
  record ParsedArgs(Map<String, RawValue> values, boolean helpRequested) {
  }

  private FlagParser() {
  }

  static ParsedArgs parse(String[] args) {
    Map<String, RawValue> values = new LinkedHashMap<>();
    int next = 0;
    while (next < args.length) {
      String arg = args[next];
      if (arg.length() < 2 || arg.charAt(0) != '-') {
        throw new ConfigException("'" + arg + "' is not a valid flag");
      }
      next++;
      if (arg.equals("--")) {
        if (next < args.length) {
          throw new ConfigException("'" + args[next] + "' is not a valid flag");
        }
        break;
      }
      String nameAndValue = arg.substring(arg.startsWith("--") ? 2 : 1);
      if (nameAndValue.isEmpty() || nameAndValue.startsWith("-") || nameAndValue.startsWith("=")) {
        throw new ConfigException("bad flag syntax: " + arg);
      }
      int equals = nameAndValue.indexOf('=');
      String name = equals < 0 ? nameAndValue : nameAndValue.substring(0, equals);
      String value = equals < 0 ? null : nameAndValue.substring(equals + 1);
      if (!isKnown(name)) {
        if (name.equals("h") || name.equals("help")) {
          return new ParsedArgs(values, true);
        }
        throw new ConfigException("flag provided but not defined: -" + name);
      }
      if (value == null) {
        if (isBoolean(name)) {
          value = "true";
        } else if (next < args.length) {
          value = args[next++];
        } else {
          throw new ConfigException("flag needs an argument: -" + name);
        }
      }
      values.put(name, RawValue.ofFlag(name, value));
    }
    return new ParsedArgs(values, false);
  }

  private static boolean isKnown(String name) {
    return Flag.byName(name).isPresent() || EtcdOnlyFlags.contains(name)
        || name.equals(CONFIG_FILE) || name.equals(CONF) || name.equals(VERSION);
  }

  private static boolean isBoolean(String name) {
    return Flag.byName(name).map(Flag::isBoolean).orElse(false)
        || EtcdOnlyFlags.isBoolean(name) || name.equals(VERSION);
  }
}
