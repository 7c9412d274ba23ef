package io.vetcd.config;

/**
 * A setting as text, before parsing, with where it came from so that an error names its source
 * the way etcd does: {@code flag -snapshot-count}, {@code ETCD_SNAPSHOT_COUNT}, or the key in the
 * config file.
 */
record RawValue(String text, Source source, String flagName, String fileName) {
  enum Source { DEFAULT, FILE, ENV, FLAG }

  static RawValue ofDefault(String flagName, String text) {
    return new RawValue(text, Source.DEFAULT, flagName, "");
  }

  static RawValue ofFile(String flagName, String text, String fileName) {
    return new RawValue(text, Source.FILE, flagName, fileName);
  }

  static RawValue ofEnv(String flagName, String text) {
    return new RawValue(text, Source.ENV, flagName, "");
  }

  static RawValue ofFlag(String flagName, String text) {
    return new RawValue(text, Source.FLAG, flagName, "");
  }

  /** The error for a value that does not parse, e.g. for a bad number the reason "parse error". */
  ConfigException invalid(String reason) {
    return new ConfigException(
        "invalid value \"" + text + "\" for " + describeSource() + ": " + reason);
  }

  /** Go's flag package words a bad boolean on the command line differently. */
  ConfigException invalidBoolean() {
    if (source == Source.FLAG) {
      return new ConfigException(
          "invalid boolean value \"" + text + "\" for -" + flagName + ": " + GoValues.PARSE_ERROR);
    }
    return invalid(GoValues.PARSE_ERROR);
  }

  private String describeSource() {
    return switch (source) {
      case FLAG -> "flag -" + flagName;
      case ENV -> Flag.envName(flagName);
      case FILE -> "\"" + flagName + "\" in config file " + fileName;
      case DEFAULT -> "the default of -" + flagName;
    };
  }
}
