package io.vetcd.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vetcd.bus.SentReplies;
import io.vetcd.consensus.wal.Wal;
import io.vetcd.consensus.wal.WalOptions;
import io.vetcd.raft.RaftCore;
import io.vetcd.raft.ReadState;
import io.vetcd.raft.Ready;
import io.vetcd.raft.StableLog;
import java.nio.file.Path;
import java.util.ArrayList;
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
    try (Wal wal = Wal.open(dir, WalOptions.defaults().withPreallocate(false))) {
      RaftBootstrap raft = RaftBootstrap.start(MEMBER, List.of(MEMBER), wal, 10);
      RaftCore core = raft.core();
      core.campaign();
      settle(core, raft.storage());
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
