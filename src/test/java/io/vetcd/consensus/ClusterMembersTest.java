package io.vetcd.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vetcd.errors.EtcdError;
import io.vetcd.proto.etcdserverpb.Member;
import io.vetcd.proto.vetcdpb.MemberAttributes;
import io.vetcd.proto.vetcdpb.MemberChange;
import io.vetcd.proto.vetcdpb.MemberChange.Action;
import io.vetcd.raft.ConfState;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * etcd's membership rules (membership.RaftCluster: ValidateConfigurationChange and the
 * IsReadyTo... checks of --strict-reconfig-check), on the value every member derives from the log.
 */
class ClusterMembersTest {
  private static final long A = 1;
  private static final long B = 2;
  private static final long C = 3;
  private static final long LEARNER = 9;

  @Test
  void addRefusesATakenIdOrPeerUrlAndASecondLearner() {
    ClusterMembers one = started(A);
    assertEquals(EtcdError.MEMBER_EXIST, one.refusal(add(A, "http://a:3", false)));
    assertEquals(EtcdError.PEER_URL_EXIST, one.refusal(add(B, "http://a:2380", false)));
    ClusterMembers withLearner = one.apply(add(LEARNER, "http://l:2380", true));
    assertEquals(EtcdError.TOO_MANY_LEARNERS, withLearner.refusal(add(C, "http://c:2380", true)));
    assertNull(withLearner.refusal(add(C, "http://c:2380", false)));
  }

  @Test
  void aRemovedIdIsNeverFoundAgain() {
    ClusterMembers two = started(A).apply(add(B, "http://b:2380", false));
    ClusterMembers removed = two.apply(change(Action.REMOVE, B));
    assertEquals(List.of(A), removed.confState().voters());
    for (Action action : List.of(Action.REMOVE, Action.UPDATE, Action.PROMOTE)) {
      assertEquals(EtcdError.MEMBER_NOT_FOUND, removed.refusal(change(action, B)), action.name());
    }
    assertEquals(EtcdError.MEMBER_NOT_FOUND, removed.refusal(add(B, "http://other:1", false)));
  }

  @Test
  void promoteOnlyALearnerAndKeepTheLastVoter() {
    ClusterMembers members = started(A).apply(add(LEARNER, "http://l:2380", true));
    assertEquals(new ConfState(List.of(A), List.of(LEARNER)), members.confState());
    assertEquals(EtcdError.MEMBER_NOT_LEARNER, members.refusal(change(Action.PROMOTE, A)));
    assertEquals(EtcdError.MEMBER_NOT_FOUND, members.refusal(change(Action.PROMOTE, C)));
    assertEquals(new ConfState(List.of(A, LEARNER), List.of()),
        members.apply(change(Action.PROMOTE, LEARNER)).confState());
    assertEquals(EtcdError.MEMBER_NOT_ENOUGH_STARTED, members.refusal(change(Action.REMOVE, A)));
    assertNull(members.refusal(change(Action.REMOVE, LEARNER)));
  }

  @Test
  void updateChangesPeerUrlsOnlyAndKeepsTheLearnerFlag() {
    ClusterMembers members = started(A).apply(add(LEARNER, "http://l:2380", true));
    assertEquals(EtcdError.PEER_URL_EXIST, members.refusal(add(LEARNER, "http://a:2380", false)
        .toBuilder().setAction(Action.UPDATE).build()));
    ClusterMembers updated = members.apply(add(LEARNER, "http://l:9", false).toBuilder()
        .setAction(Action.UPDATE).build());
    Member learner = updated.member(LEARNER).orElseThrow();
    assertEquals(List.of("http://l:9"), learner.getPeerURLsList());
    assertTrue(learner.getIsLearner());
  }

  @Test
  void strictReconfigCountsStartedVotersAsEtcd() {
    ClusterMembers one = started(A);
    assertTrue(one.readyToAddVoter(), "a cluster of one may grow to two");
    ClusterMembers twoOneStarted = one.apply(add(B, "http://b:2380", false));
    assertFalse(twoOneStarted.readyToAddVoter(), "1 started of 3 is no quorum");
    assertTrue(twoOneStarted.readyToRemoveVoter(B), "removing the unstarted one leaves 1 of 1");
    assertFalse(twoOneStarted.readyToRemoveVoter(A), "removing the started one leaves 0 of 1");
    assertFalse(one.readyToRemoveVoter(A));
    assertTrue(one.readyToPromote());
    ClusterMembers bothStarted = twoOneStarted.withAttributes(
        MemberAttributes.newBuilder().setMemberId(B).setName("b").build());
    assertTrue(bothStarted.readyToAddVoter());
  }

  @Test
  void listsInUnsignedIdOrderAndSurvivesItsProto() {
    long high = 0x8000_0000_0000_0001L;
    ClusterMembers members = started(A).apply(add(high, "http://h:1", false));
    assertEquals(List.of(A, high), members.list().stream().map(Member::getID).toList());
    assertEquals(members, ClusterMembers.of(members.toProto()));
  }

  private static ClusterMembers started(long id) {
    return ClusterMembers.EMPTY.apply(add(id, "http://a:2380", false))
        .withAttributes(MemberAttributes.newBuilder().setMemberId(id).setName("m" + id)
            .addClientUrls("http://a:2379").build());
  }

  private static MemberChange add(long id, String peerUrl, boolean learner) {
    return MemberChange.newBuilder().setAction(Action.ADD).setMember(Member.newBuilder()
        .setID(id).addPeerURLs(peerUrl).setIsLearner(learner)).build();
  }

  private static MemberChange change(Action action, long id) {
    return MemberChange.newBuilder().setAction(action)
        .setMember(Member.newBuilder().setID(id)).build();
  }
}
