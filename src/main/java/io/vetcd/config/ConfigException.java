package io.vetcd.config;

/**
 * A configuration that vetcd refuses: an unknown flag, a value that does not parse, or settings
 * that contradict each other. The message is meant for the operator, worded like etcd's
 * (e.g. {@code invalid value "abc" for flag -snapshot-count: parse error}).
 */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message, null, false, false);
  }
}
