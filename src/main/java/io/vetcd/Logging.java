package io.vetcd;

import io.vetcd.config.MemberConfig.LogLevel;
import java.util.Locale;

/**
 * Configures slf4j-simple before the first logger exists: one line per event with an ISO time,
 * key=value details in the message, and third-party libraries quiet unless they warn.
 */
final class Logging {
  private static final String PREFIX = "org.slf4j.simpleLogger.";

  private Logging() {}

  static void configure(LogLevel level) {
    setIfAbsent("defaultLogLevel", slf4jLevel(level));
    setIfAbsent("showDateTime", "true");
    setIfAbsent("dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    setIfAbsent("showThreadName", "false");
    setIfAbsent("showShortLogName", "true");
    setIfAbsent("levelInBrackets", "false");
    for (String noisy : new String[] {"jetbrains.exodus", "io.netty", "io.vertx"}) {
      setIfAbsent("log." + noisy, "warn");
    }
  }

  private static String slf4jLevel(LogLevel level) {
    return switch (level) {
      case PANIC, FATAL -> "error";
      default -> level.name().toLowerCase(Locale.ROOT);
    };
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(PREFIX + key) == null) {
      System.setProperty(PREFIX + key, value);
    }
  }
}
