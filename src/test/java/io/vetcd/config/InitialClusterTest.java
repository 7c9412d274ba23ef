package io.vetcd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class InitialClusterTest {
  @Test
  void aNameGivenTwiceHasTwoPeerUrls() {
    InitialCluster cluster = InitialCluster.parse(
        "b=http://10.0.0.3:2380,a=http://10.0.0.1:2380,a=https://10.0.0.2:2380");
    assertEquals(2, cluster.size());
    assertEquals(List.of(MemberUrl.parse("http://10.0.0.1:2380"), MemberUrl.parse("https://10.0.0.2:2380")),
        cluster.peerUrls("a"));
    assertEquals(List.of(MemberUrl.parse("http://10.0.0.3:2380")), cluster.peerUrls("b"));
    assertEquals(List.of("a", "b"), List.copyOf(cluster.peerUrlsByName().keySet()), "names sorted");
  }

  @Test
  void textFormIsSortedPairsLikeEtcds() {
    assertEquals("a=http://10.0.0.1:2380,a=http://10.0.0.2:2380,b=http://10.0.0.3:2380",
        InitialCluster.parse("b=http://10.0.0.3:2380,a=http://10.0.0.2:2380,a=http://10.0.0.1:2380").toString());
  }

  @Test
  void emptyPairsAreSkipped() {
    InitialCluster cluster = InitialCluster.parse(",a=http://h:1,,");
    assertEquals(1, cluster.size());
    assertTrue(cluster.contains("a"));
    assertFalse(cluster.contains(""));
    assertEquals(List.of(), cluster.peerUrls("missing"));
  }

  @Test
  void aPairWithoutUrlIsRefused() {
    assertEquals("URL scheme must be http, https, unix, or unixs: ",
        assertThrows(IllegalArgumentException.class, () -> InitialCluster.parse("a")).getMessage());
  }

  @Test
  void aUrlUsedTwiceIsRefused() {
    assertEquals("initial cluster has duplicate url http://h:1",
        assertThrows(IllegalArgumentException.class,
            () -> InitialCluster.parse("a=http://h:1,b=http://h:1")).getMessage());
  }

  @Test
  void aSingleMemberCluster() {
    InitialCluster cluster = InitialCluster.ofSingleMember("n", MemberUrl.parseList("http://h:1,http://g:2"));
    assertEquals("n=http://g:2,n=http://h:1", cluster.toString());
    assertEquals(cluster, InitialCluster.parse(cluster.toString()), "text form round-trips");
  }
}
