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
  void threeMembersHaveTheIdsEtcdLogs() {
    // etcd 3.4.23 with --initial-cluster n1=http://127.0.0.1:2380,n2=http://127.0.0.1:22380,
    // n3=http://127.0.0.1:32380 --initial-cluster-token etcd-cluster-1 logs "added member
    // 91bc3c398fb3c146 [http://127.0.0.1:22380] to cluster 59a05384c9b79ee" (and bf90..., fd42...).
    long n1 = MemberIds.memberId(List.of("http://127.0.0.1:2380"), "etcd-cluster-1");
    long n2 = MemberIds.memberId(List.of("http://127.0.0.1:22380"), "etcd-cluster-1");
    long n3 = MemberIds.memberId(List.of("http://127.0.0.1:32380"), "etcd-cluster-1");
    assertEquals(0xbf9071f4639c75ccL, n1);
    assertEquals(0x91bc3c398fb3c146L, n2);
    assertEquals(0xfd422379fda50e48L, n3);
    assertEquals(0x59a05384c9b79eeL, MemberIds.clusterId(List.of(n3, n1, n2)));
  }

  @Test
  void peerUrlOrderDoesNotMatterButTheTokenDoes() {
    long ab = MemberIds.memberId(List.of("http://a:2380", "http://b:2380"), "t");
    assertEquals(ab, MemberIds.memberId(List.of("http://b:2380", "http://a:2380"), "t"));
    assertNotEquals(ab, MemberIds.memberId(List.of("http://a:2380", "http://b:2380"), "u"));
    assertEquals(MemberIds.clusterId(List.of(1L, -5L)), MemberIds.clusterId(List.of(-5L, 1L)));
  }
}
