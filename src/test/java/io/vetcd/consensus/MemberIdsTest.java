package io.vetcd.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Ids derived as etcd derives them (etcdserver/api/membership: sha1 of sorted peer URLs + token). */
class MemberIdsTest {

  @Test
  void defaultMemberHasEtcdsWellKnownIds() {
    // etcd 3.4 started with no flags reports member 8e9e05c52164694d in cluster cdf818194e3a8c32.
    long member = MemberIds.memberId(List.of("http://localhost:2380"), "etcd-cluster");
    assertEquals(0x8e9e05c52164694dL, member);
    assertEquals(0xcdf818194e3a8c32L, MemberIds.clusterId(List.of(member)));
  }

  @Test
  void peerUrlOrderDoesNotMatterButTheTokenDoes() {
    long ab = MemberIds.memberId(List.of("http://a:2380", "http://b:2380"), "t");
    assertEquals(ab, MemberIds.memberId(List.of("http://b:2380", "http://a:2380"), "t"));
    assertNotEquals(ab, MemberIds.memberId(List.of("http://a:2380", "http://b:2380"), "u"));
    assertEquals(MemberIds.clusterId(List.of(1L, -5L)), MemberIds.clusterId(List.of(-5L, 1L)));
  }
}
