package io.vetcd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MemberUrlTest {
  @Test
  void parsesHostAndPort() {
    MemberUrl url = MemberUrl.parse("http://127.0.0.1:2379");
    assertEquals(new MemberUrl("http", "127.0.0.1", 2379), url);
    assertEquals("127.0.0.1:2379", url.hostAndPort());
    assertEquals("http://127.0.0.1:2379", url.toString());
    assertFalse(url.isTls());
  }

  @Test
  void keepsIpv6WithoutBrackets() {
    MemberUrl url = MemberUrl.parse("https://[::1]:2380");
    assertEquals("::1", url.host());
    assertEquals(2380, url.port());
    assertEquals("https://[::1]:2380", url.toString());
    assertTrue(url.isTls());
    assertTrue(url.isBindable());
  }

  @Test
  void parsesCommaSeparatedListsTrimmingSpaces() {
    assertEquals(List.of(new MemberUrl("http", "10.0.0.1", 2379), new MemberUrl("https", "localhost", 2479)),
        MemberUrl.parseList("http://10.0.0.1:2379, https://localhost:2479"));
  }

  @Test
  void listsAreSortedWithoutDuplicatesAsInEtcd() {
    assertEquals(MemberUrl.parseList("http://a:1,http://b:1"),
        MemberUrl.parseList("http://b:1,http://a:1,http://b:1"));
  }

  @Test
  void aUnixSocketNeedsNoIp() {
    MemberUrl url = MemberUrl.parse("unix://etcd.sock:0");
    assertTrue(url.isUnixSocket());
    assertTrue(url.isBindable());
  }

  @Test
  void onlyIpsAndLocalhostAreBindable() {
    assertTrue(MemberUrl.parse("http://0.0.0.0:2379").isBindable());
    assertTrue(MemberUrl.parse("http://localhost:2379").isBindable());
    assertTrue(MemberUrl.parse("http://[fe80::1%eth0]:2379").isBindable());
    assertFalse(MemberUrl.parse("http://example.com:2379").isBindable());
    assertFalse(MemberUrl.parse("http://256.0.0.1:2379").isBindable());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "localhost:2379 | URL scheme must be http, https, unix, or unixs: localhost:2379",
      "ftp://a:21 | URL scheme must be http, https, unix, or unixs: ftp://a:21",
      "http://a | URL address does not have the form \"host:port\": http://a",
      "http://::1:2379 | URL address does not have the form \"host:port\": http://::1:2379",
      "http://[::1] | URL address does not have the form \"host:port\": http://[::1]",
      "http://a:b | URL port must be a number from 0 to 65535: http://a:b",
      "http://a: | URL port must be a number from 0 to 65535: http://a:",
      "http://a:1/ | URL must not contain a path: http://a:1/",
      "http://u@a:1 | URL must not contain user information: http://u@a:1",
  })
  void refusesWhatEtcdRefuses(String text, String message) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, () -> MemberUrl.parse(text)).getMessage());
  }

  @Test
  void anEmptyListIsRefused() {
    assertEquals("no valid URLs given",
        assertThrows(IllegalArgumentException.class, () -> MemberUrl.parseList(" ")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> MemberUrl.parseList("http://a:1,"));
  }
}
