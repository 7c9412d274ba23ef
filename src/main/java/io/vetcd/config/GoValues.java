package io.vetcd.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;

/**
 * Parses flag values the way Go's flag and strconv packages do, so that every value etcd accepts
 * is accepted here with the same meaning ("010" is octal, "T" is true, "1h30m" is a duration).
 * Each method throws {@link IllegalArgumentException} whose message is Go's reason text.
 */
final class GoValues {
  static final String PARSE_ERROR = "parse error";
  static final String OUT_OF_RANGE = "value out of range";

  private static final BigDecimal NANOS_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
  private static final Map<String, Long> DURATION_UNIT_NANOS = Map.of(
      "ns", 1L,
      "us", 1_000L,
      "\u00b5s", 1_000L,
      "\u03bcs", 1_000L,
      "ms", 1_000_000L,
      "s", 1_000_000_000L,
      "m", 60_000_000_000L,
      "h", 3_600_000_000_000L);

  private GoValues() {
  }

  /** strconv.ParseBool. */
  static boolean parseBool(String text) {
    return switch (text) {
      case "1", "t", "T", "TRUE", "true", "True" -> true;
      case "0", "f", "F", "FALSE", "false", "False" -> false;
      default -> throw new IllegalArgumentException(PARSE_ERROR);
    };
  }

  /** strconv.ParseInt(text, 0, 64) as flag.Int64Var uses it. */
  static long parseSigned(String text) {
    boolean negative = text.startsWith("-");
    String digits = negative || text.startsWith("+") ? text.substring(1) : text;
    BigInteger value = parseMagnitude(digits);
    if (negative) {
      value = value.negate();
    }
    if (value.bitLength() > 63) {
      throw new IllegalArgumentException(OUT_OF_RANGE);
    }
    return value.longValueExact();
  }

  /** strconv.ParseUint(text, 0, bits) as flag.UintVar and flag.Uint64Var use it. */
  static long parseUnsigned(String text, long max) {
    BigInteger value = parseMagnitude(text);
    if (value.compareTo(BigInteger.valueOf(max)) > 0) {
      throw new IllegalArgumentException(OUT_OF_RANGE);
    }
    return value.longValueExact();
  }

  /** A non-negative integer with Go's base prefixes: 0x hex, 0b binary, 0o or a leading 0 octal. */
  private static BigInteger parseMagnitude(String text) {
    int radix = 10;
    String digits = text;
    String lower = text.toLowerCase();
    if (lower.startsWith("0x")) {
      radix = 16;
      digits = text.substring(2);
    } else if (lower.startsWith("0b")) {
      radix = 2;
      digits = text.substring(2);
    } else if (lower.startsWith("0o")) {
      radix = 8;
      digits = text.substring(2);
    } else if (text.length() > 1 && text.startsWith("0")) {
      radix = 8;
      digits = text.substring(1);
    }
    // Go lets an underscore separate digits when the base comes from the prefix (base 0).
    if (digits.startsWith("_") && radix == 10 || digits.endsWith("_") || digits.contains("__")) {
      throw new IllegalArgumentException(PARSE_ERROR);
    }
    String plainDigits = digits.replace("_", "");
    int base = radix;
    boolean allDigits = plainDigits.chars().allMatch(c -> c < 128 && Character.digit(c, base) >= 0);
    if (plainDigits.isEmpty() || !allDigits) {
      throw new IllegalArgumentException(PARSE_ERROR);
    }
    return new BigInteger(plainDigits, base);
  }

  /** time.ParseDuration: a signed sequence of decimal numbers, each with a unit, e.g. "1h30m". */
  static Duration parseDuration(String text) {
    String invalid = "time: invalid duration \"" + text + "\"";
    String rest = text;
    boolean negative = false;
    if (rest.startsWith("-") || rest.startsWith("+")) {
      negative = rest.startsWith("-");
      rest = rest.substring(1);
    }
    if (rest.equals("0")) {
      return Duration.ZERO;
    }
    if (rest.isEmpty()) {
      throw new IllegalArgumentException(invalid);
    }
    BigDecimal totalNanos = BigDecimal.ZERO;
    while (!rest.isEmpty()) {
      // A number is digits, optionally a '.' and more digits, with at least one digit in all.
      int numberEnd = skipDigits(rest, 0);
      if (numberEnd < rest.length() && rest.charAt(numberEnd) == '.') {
        numberEnd = skipDigits(rest, numberEnd + 1);
      }
      String number = rest.substring(0, numberEnd);
      if (number.isEmpty() || number.equals(".")) {
        throw new IllegalArgumentException(invalid);
      }
      int unitEnd = numberEnd;
      while (unitEnd < rest.length()
          && rest.charAt(unitEnd) != '.' && !isAsciiDigit(rest.charAt(unitEnd))) {
        unitEnd++;
      }
      String unit = rest.substring(numberEnd, unitEnd);
      if (unit.isEmpty()) {
        throw new IllegalArgumentException("time: missing unit in duration \"" + text + "\"");
      }
      Long unitNanos = DURATION_UNIT_NANOS.get(unit);
      if (unitNanos == null) {
        throw new IllegalArgumentException(
            "time: unknown unit \"" + unit + "\" in duration \"" + text + "\"");
      }
      totalNanos = totalNanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unitNanos)));
      if (totalNanos.compareTo(NANOS_MAX) > 0) {
        throw new IllegalArgumentException(invalid);
      }
      rest = rest.substring(unitEnd);
    }
    long nanos = totalNanos.longValue();
    return Duration.ofNanos(negative ? -nanos : nanos);
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int skipDigits(String text, int from) {
    int end = from;
    while (end < text.length() && isAsciiDigit(text.charAt(end))) {
      end++;
    }
    return end;
  }
}
