package io.vetcd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Expected values are what Go's strconv and time packages return for the same text. */
class GoValuesTest {
  @Test
  void booleansAsStrconv() {
    for (String yes : new String[] {"1", "t", "T", "TRUE", "true", "True"}) {
      assertTrue(GoValues.parseBool(yes), yes);
    }
    for (String no : new String[] {"0", "f", "F", "FALSE", "false", "False"}) {
      assertFalse(GoValues.parseBool(no), no);
    }
    assertThrows(IllegalArgumentException.class, () -> GoValues.parseBool("yes"));
    assertThrows(IllegalArgumentException.class, () -> GoValues.parseBool("tRUE"));
  }

  @ParameterizedTest
  @CsvSource({"100,100", "0x10,16", "0X1f,31", "010,8", "0o17,15", "0b101,5", "1_000,1000", "0x_1F,31",
      "0,0", "18446744073709551615,-1"})
  void unsignedWithBasePrefixes(String text, long expected) {
    if (expected < 0) {
      assertEquals(GoValues.OUT_OF_RANGE, assertThrows(IllegalArgumentException.class,
          () -> GoValues.parseUnsigned(text, Long.MAX_VALUE)).getMessage());
    } else {
      assertEquals(expected, GoValues.parseUnsigned(text, Long.MAX_VALUE));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-1", "+1", "1.0", "08", "0x", "_1", "1_", "1__0", "abc", " 1"})
  void unsignedSyntaxErrors(String text) {
    assertEquals(GoValues.PARSE_ERROR, assertThrows(IllegalArgumentException.class,
        () -> GoValues.parseUnsigned(text, Long.MAX_VALUE)).getMessage());
  }

  @Test
  void signedRange() {
    assertEquals(-5, GoValues.parseSigned("-5"));
    assertEquals(5, GoValues.parseSigned("+5"));
    assertEquals(Long.MIN_VALUE, GoValues.parseSigned("-9223372036854775808"));
    assertEquals(GoValues.OUT_OF_RANGE, assertThrows(IllegalArgumentException.class,
        () -> GoValues.parseSigned("9223372036854775808")).getMessage());
    assertEquals(100, GoValues.parseUnsigned("100", 100));
    assertEquals(GoValues.OUT_OF_RANGE, assertThrows(IllegalArgumentException.class,
        () -> GoValues.parseUnsigned("101", 100)).getMessage());
  }

  @ParameterizedTest
  @CsvSource({"0,0", "1h,3600000000000", "1h30m,5400000000000", "1.5h,5400000000000", ".5s,500000000",
      "5.s,5000000000", "-2m,-120000000000", "+3ms,3000000", "1us,1000", "1\u00b5s,1000", "7ns,7",
      "2h45m30.5s,9930500000000"})
  void durations(String text, long nanos) {
    assertEquals(Duration.ofNanos(nanos), GoValues.parseDuration(text));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "'' | time: invalid duration \"\"",
      "abc | time: invalid duration \"abc\"",
      ". | time: invalid duration \".\"",
      "- | time: invalid duration \"-\"",
      "1 | time: missing unit in duration \"1\"",
      "1h5 | time: missing unit in duration \"1h5\"",
      "3d | time: unknown unit \"d\" in duration \"3d\"",
      "1.2.3s | time: missing unit in duration \"1.2.3s\"",
      "h | time: invalid duration \"h\"",
      "3000000h | time: invalid duration \"3000000h\"",
  })
  void durationErrors(String text, String message) {
    assertEquals(message, assertThrows(IllegalArgumentException.class,
        () -> GoValues.parseDuration(text)).getMessage());
  }
}
