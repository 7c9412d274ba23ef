package io.vetcd.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vetcd.bus.SentReplies;
import io.vetcd.consensus.wal.Wal;
import io.vetcd.consensus.wal.WalOptions;
import io.vetcd.proto.etcdserverpb.Member;
import io.vetcd.raft.RaftCore;
import io.vetcd.raft.ReadState;
import io.vetcd.raft.Ready;
import io.vetcd.raft.StableLog;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A linearizable read is released once the member has applied up to the index the leader
 * confirmed for it, not when the index is known: driven with a real single-member Raft core and
 * real event-bus messages, checking the replies as they are sent.
 */
@ExtendWith(VertxExtension.class)
class ReadBarriersTest {
  private static final String ADDRESS = "test.read";
  private static final long MEMBER = 1;

  @TempDir Path dir;

  @Test
  void readWaitsForApplyToReachItsIndex(Vertx vertx, VertxTestContext test) {
    List<Long> sent = SentReplies.record(vertx, Long.class);
    try (Wal wal = openWal()) {
      RaftBootstrap raft = electedAlone(wal);
      RaftCore core = raft.core();
      core.propose(new byte[] {1}); // committed before the read below arrives
      settle(core, raft.storage());
      long committed = core.status().commit();
      ReadBarriers reads = new ReadBarriers(MEMBER);
      vertx.eventBus().<Void>consumer(ADDRESS, read -> test.verify(() -> {
        reads.add(read, core);
        List<ReadState> states = settle(core, raft.storage());
        assertEquals(1, states.size(), "one ReadIndex for the read");
        assertEquals(committed, states.get(0).index(), "the read index is the commit index");
        reads.ready(states.get(0), committed - 1, core);
        assertEquals(List.of(), sent, "released before its index was applied");
        reads.applied(committed - 1);
        assertEquals(List.of(), sent, "released before its index was applied");
        reads.applied(committed);
        assertEquals(List.of(committed), sent, "released once applied, with the applied index");
      }));
      vertx.eventBus().<Long>request(ADDRESS, null).onComplete(test.succeeding(reply ->
          test.verify(() -> {
            assertEquals(committed, reply.body());
            test.completeNow();
          })));
    }
  }

  /**
   * A ReadIndex request or its answer lost between members must not hold every later read: after
   * {@link ReadBarriers#RETRY_TICKS} ticks without an answer the read is asked again under a new
   * context, which names this member (the leader keeps requests by context), and a late answer
   * to the lost request releases nothing twice.
   */
  @Test
  void aLostRequestIsAskedAgainAfterRetryTicks(Vertx vertx, VertxTestContext test) {
    List<Long> sent = SentReplies.record(vertx, Long.class);
    try (Wal wal = openWal()) {
      RaftBootstrap raft = electedAlone(wal);
      RaftCore core = raft.core();
      long committed = core.status().commit();
      ReadBarriers reads = new ReadBarriers(MEMBER);
      vertx.eventBus().<Void>consumer(ADDRESS, read -> test.verify(() -> {
        reads.add(read, core);
        List<ReadState> lost = settle(core, raft.storage());
        assertEquals(1, lost.size());
        assertEquals(MEMBER, ByteBuffer.wrap(lost.get(0).context()).getLong(),
            "the context starts with the member's id");
        for (int tick = 1; tick < ReadBarriers.RETRY_TICKS; tick++) {
          reads.tick(core);
          assertEquals(List.of(), settle(core, raft.storage()), "asked again too early");
        }
        reads.tick(core);
        List<ReadState> again = settle(core, raft.storage());
        assertEquals(1, again.size(), "asked again after " + ReadBarriers.RETRY_TICKS + " ticks");
        assertFalse(Arrays.equals(lost.get(0).context(), again.get(0).context()), "new context");
        reads.ready(lost.get(0), committed, core);
        assertEquals(List.of(), sent, "an answer to the lost request released the read");
        reads.ready(again.get(0), committed, core);
        assertEquals(List.of(committed), sent);
      }));
      vertx.eventBus().<Long>request(ADDRESS, null).onComplete(test.succeeding(reply ->
          test.completeNow()));
    }
  }

  private Wal openWal() {
    return Wal.open(dir, WalOptions.defaults().withPreallocate(false));
  }

  /** A member alone that has elected itself leader, every Ready handled. */
  private static RaftBootstrap electedAlone(Wal wal) {
    RaftBootstrap raft = RaftBootstrap.start(MEMBER,
        List.of(Member.newBuilder().setID(MEMBER).build()), false, true, wal, 10);
    raft.core().campaign();
    settle(raft.core(), raft.storage());
    return raft;
  }

  /** Does what the Raft verticle does with each Ready, minus the WAL: returns the read states. */
  private static List<ReadState> settle(RaftCore core, StableLog log) {
    List<ReadState> states = new ArrayList<>();
    while (core.hasReady()) {
      Ready ready = core.ready();
      if (ready.hardState() != null) {
        log.setHardState(ready.hardState());
      }
      log.append(ready.entries());
      states.addAll(ready.readStates());
      core.advance(ready);
    }
    return states;
  }
}
