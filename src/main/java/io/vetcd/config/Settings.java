package io.vetcd.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The merged text of every setting (flag over environment over file), read as typed values. A
 * setting given nowhere falls back to etcd's default text, parsed the same way. Every parse
 * error names the source of the bad value.
 */
final class Settings {
  /** Go's uint on 64-bit platforms is 64 bits; vetcd keeps milliseconds and sizes in an int. */
  private static final long INT_MAX = Integer.MAX_VALUE;

  private final Map<String, RawValue> given;

  Settings(Map<String, RawValue> given) {
    this.given = Map.copyOf(given);
  }

  boolean isGiven(Flag flag) {
    return given.containsKey(flag.flagName);
  }

  /** The given or default text; for a derived default (null), "" when not given. */
  String string(Flag flag) {
    return raw(flag).text();
  }

  boolean bool(Flag flag) {
    return bool(raw(flag));
  }

  static boolean bool(RawValue value) {
    try {
      return GoValues.parseBool(value.text());
    } catch (IllegalArgumentException e) {
      throw value.invalidBoolean();
    }
  }

  /** A Go uint64 flag. */
  long unsignedLong(Flag flag) {
    return parse(flag, text -> GoValues.parseUnsigned(text, Long.MAX_VALUE));
  }

  /** A Go uint flag that vetcd holds in an int. */
  int unsignedInt(Flag flag) {
    return parse(flag, text -> (int) GoValues.parseUnsigned(text, INT_MAX));
  }

  /** A Go int64 flag. */
  long signedLong(Flag flag) {
    return parse(flag, GoValues::parseSigned);
  }

  /** A Go time.Duration flag ("1h30m"). */
  Duration duration(Flag flag) {
    return parse(flag, GoValues::parseDuration);
  }

  List<MemberUrl> urls(Flag flag) {
    return parse(flag, MemberUrl::parseList);
  }

  InitialCluster initialCluster() {
    return parse(Flag.INITIAL_CLUSTER, InitialCluster::parse);
  }

  /** The retention text, checked against the mode it will be read in. */
  String autoCompactionRetention(MemberConfig.CompactionMode mode) {
    return parse(Flag.AUTO_COMPACTION_RETENTION, text -> {
      MemberConfig.parseRetention(mode, text);
      return text;
    });
  }

  /** One of the constants of an enum, written in lower case, as etcd's selective flags take it. */
  <E extends Enum<E>> E choice(Flag flag, Class<E> type) {
    RawValue value = raw(flag);
    for (E constant : type.getEnumConstants()) {
      if (MemberConfig.flagValue(constant).equals(value.text())) {
        return constant;
      }
    }
    String valid = Arrays.stream(type.getEnumConstants())
        .map(constant -> '"' + MemberConfig.flagValue(constant) + '"')
        .collect(Collectors.joining(", "));
    throw value.invalid("valid values are " + valid);
  }

  /** Applies a parser whose IllegalArgumentException message is the reason, as Go gives it. */
  private <T> T parse(Flag flag, Function<String, T> parser) {
    RawValue value = raw(flag);
    try {
      return parser.apply(value.text());
    } catch (IllegalArgumentException e) {
      throw value.invalid(e.getMessage());
    }
  }

  private RawValue raw(Flag flag) {
    RawValue value = given.get(flag.flagName);
    if (value != null) {
      return value;
    }
    return RawValue.ofDefault(flag.flagName, flag.defaultText == null ? "" : flag.defaultText);
  }
}
