package io.vetcd.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Leader election, pre-vote and check-quorum, each test naming the rule it checks. */
class ElectionScenarioTest {

  private static Message voteRequest(long from, long to, long term, long lastIndex, long lastTerm) {
    return new Message(MessageType.VOTE, to, from, term, lastTerm, lastIndex, List.of(), 0, null,
        false, 0, null);
  }

  private static List<Message> responses(RaftCore core) {
    return core.ready().messages();
  }

  @Test
  void aMajorityElectsExactlyOneLeader_paper5_2() {
    TestCluster c = new TestCluster(5);
    c.tickAll(40);
    long leader = c.leader();
    assertNotEquals(0, leader);
    for (long id = 1; id <= 5; id++) {
      assertEquals(leader, c.core(id).status().leader(), "member " + id + " follows the leader");
      assertEquals(id == leader ? Role.LEADER : Role.FOLLOWER, c.core(id).status().role());
    }
  }

  @Test
  void aVoterGrantsAtMostOneVotePerTerm_paper5_2() {
    TestCluster c = new TestCluster(3, cfg -> cfg.withPreVote(false).withCheckQuorum(false));
    RaftCore voter = c.core(1);
    voter.step(voteRequest(2, 1, 2, 3, 1));
    assertEquals(List.of(false), responses(voter).stream().map(Message::reject).toList());
    voter.step(voteRequest(3, 1, 2, 3, 1));
    assertEquals(List.of(true), responses(voter).stream().map(Message::reject).toList(),
        "a second candidate of the same term is refused");
    assertEquals(2, voter.status().vote());
  }

  @Test
  void theDoubleVoteSwitchReallyBreaksTheRule() {
    TestCluster c = new TestCluster(3, cfg -> cfg.withPreVote(false).withCheckQuorum(false),
        UnsafeBug.DOUBLE_VOTE);
    RaftCore voter = c.core(1);
    voter.step(voteRequest(2, 1, 2, 3, 1));
    responses(voter);
    voter.step(voteRequest(3, 1, 2, 3, 1));
    assertEquals(List.of(false), responses(voter).stream().map(Message::reject).toList());
  }

  @Test
  void aCandidateWithAStaleLogIsRefused_paper5_4_1() {
    TestCluster c = new TestCluster(3, cfg -> cfg.withPreVote(false).withCheckQuorum(false));
    c.restartWith(1, TestCluster.storageWithLog(3, 2, 2)); // last entry: index 4, term 2
    RaftCore voter = c.core(1);
    voter.step(voteRequest(2, 1, 3, 10, 1)); // longer log, but older last term
    assertEquals(List.of(true), responses(voter).stream().map(Message::reject).toList());
    voter.step(voteRequest(3, 1, 3, 4, 2)); // same last term and index: up to date
    assertEquals(List.of(false), responses(voter).stream().map(Message::reject).toList());
  }

  @Test
  void preVoteKeepsAnIsolatedMemberFromDisruptingTheLeader_thesis9_6() {
    TestCluster c = new TestCluster(3);
    c.elect(1);
    long term = c.core(1).status().term();
    c.isolate(3);
    c.tickAll(100);
    assertEquals(term, c.core(3).status().term(), "pre-elections do not raise the term");
    c.heal();
    c.tickAll(30);
    assertEquals(1, c.leader());
    assertEquals(term, c.core(1).status().term());
  }

  @Test
  void withoutPreVoteARejoiningMemberDeposesTheLeader() {
    TestCluster c = new TestCluster(3, cfg -> cfg.withPreVote(false).withCheckQuorum(false));
    c.elect(1);
    long term = c.core(1).status().term();
    c.isolate(3);
    c.tickAll(100);
    assertTrue(c.core(3).status().term() > term + 2, "each timeout started a real election");
    c.heal();
    c.tickAll(5);
    assertTrue(c.core(1).status().term() > term, "the old leader saw the higher term");
  }

  @Test
  void checkQuorumMakesACutOffLeaderStepDown_etcdCheckQuorum() {
    TestCluster c = new TestCluster(3);
    c.elect(1);
    c.isolate(1);
    c.tickAll(25); // two election timeouts of 10 ticks
    assertEquals(Role.FOLLOWER, c.core(1).status().role(), "no quorum heard: step down");
    long newLeader = c.leader();
    assertTrue(newLeader == 2 || newLeader == 3, "the majority side elected a leader");
  }

  @Test
  void withoutCheckQuorumACutOffLeaderKeepsLeading() {
    TestCluster c = new TestCluster(3, cfg -> cfg.withCheckQuorum(false));
    c.elect(1);
    c.isolate(1);
    c.tickAll(25);
    assertEquals(Role.LEADER, c.core(1).status().role());
  }

  @Test
  void leaderLeaseIgnoresVoteRequestsWhileTheLeaderIsHeard_thesis4_2_3() {
    TestCluster c = new TestCluster(3, cfg -> cfg.withPreVote(false));
    c.elect(1);
    long term = c.core(2).status().term();
    c.core(2).step(voteRequest(3, 2, term + 1, 100, term));
    assertEquals(List.of(), responses(c.core(2)), "a member that hears its leader ignores it");
    assertEquals(term, c.core(2).status().term());
  }

  @Test
  void aStaleLeaderLearnsTheNewTermFromAnAnswerToItsHeartbeat_etcdPreVote() {
    // Without check-quorum the cut-off leader keeps leading; with pre-vote nobody would ever send
    // it a higher term, so followers answer its stale heartbeats with their term.
    TestCluster c = new TestCluster(3, cfg -> cfg.withCheckQuorum(false));
    c.elect(1);
    c.isolate(1);
    c.tickAll(40);
    long newLeader = c.leader() == 1 ? 0 : c.leader();
    assertNotEquals(0, newLeader, "the majority elected a new leader");
    assertEquals(Role.LEADER, c.core(1).status().role(), "the old leader does not know yet");
    c.heal();
    c.tickAll(2);
    assertEquals(Role.FOLLOWER, c.core(1).status().role());
    assertEquals(c.core(newLeader).status().term(), c.core(1).status().term());
  }

  @Test
  void aMessageOfAnOlderTermIsAnsweredWithOurTerm_paper5_1() {
    // Found by the simulator: a member whose term ran ahead while its stale membership did not
    // include the leader never heard from anyone again, unless stale messages are answered.
    TestCluster c = new TestCluster(3, cfg -> cfg.withPreVote(false).withCheckQuorum(false));
    c.restartWith(1, TestCluster.storageWithLog(3, 10));
    RaftCore member = c.core(1);
    member.step(new Message(MessageType.HEARTBEAT, 1, 2, 5, 0, 0, List.of(), 0, null, false, 0,
        null));
    Message answer = responses(member).get(0);
    assertEquals(MessageType.APP_RESP, answer.type());
    assertEquals(10, answer.term());
    member.step(voteRequest(3, 1, 6, 100, 6));
    answer = responses(member).get(0);
    assertEquals(MessageType.VOTE_RESP, answer.type());
    assertTrue(answer.reject());
    assertEquals(10, answer.term());
  }

  /** etcd's default election timeout in ticks, which TestCluster's members use. */
  private static final int ELECTION_TICKS = 10;

  @Test
  void followersToldTheirLeaderIsGoneElectAnotherWithinHalfAnElectionTimeout() {
    TestCluster c = new TestCluster(3);
    c.elect(1);
    c.isolate(1); // killed: the others' streams to it broke, and its port refuses them
    c.core(2).leaderGone(1);
    c.core(3).leaderGone(1);
    c.tickAll(ELECTION_TICKS / 2 + 1);
    long leader = c.leader();
    assertTrue(leader == 2 || leader == 3, "a new leader among 2 and 3, not " + leader);
  }

  @Test
  void withoutTheReportFollowersWaitAFullElectionTimeout() {
    TestCluster c = new TestCluster(3);
    c.elect(1);
    c.isolate(1);
    c.core(2).leaderGone(3); // not its leader: nothing changes
    c.tickAll(ELECTION_TICKS / 2 + 1);
    assertEquals(1, c.leader(), "no election before a full timeout");
    assertEquals(1, c.core(2).status().leader());
  }
}
