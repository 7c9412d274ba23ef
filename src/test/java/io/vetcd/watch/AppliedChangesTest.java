package io.vetcd.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.protobuf.ByteString;
import io.vetcd.bus.RevisionApplied;
import io.vetcd.proto.mvccpb.Event;
import io.vetcd.proto.mvccpb.KeyValue;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The live feed may take handed-over changes only when they are exactly the revisions after the
 * one it dispatched last: anything else must send it to the store, or a watcher would miss or
 * repeat an event.
 */
class AppliedChangesTest {
  private final AppliedChanges changes = new AppliedChanges();

  @Test
  void consecutiveBatchesAfterTheLiveRevisionMakeOneChunk() {
    changes.add(batch(10, 12));
    changes.add(batch(12, 13));
    ChangeChunk chunk = changes.take(10, 13);
    assertEquals(11, chunk.fromRevision());
    assertEquals(13, chunk.lastRevision());
    assertEquals(List.of(11L, 12L, 13L), revisions(chunk));
    assertEquals("k11", chunk.event(0).getKv().getKey().toStringUtf8());
    assertEquals("k11", new String(chunk.key(0)));
    assertNull(chunk.withPrevKv());
    assertNull(changes.take(13, 13), "taken changes are gone");
  }

  @Test
  void batchesTheLiveFeedReadPastAreDropped() {
    changes.add(batch(10, 11));
    changes.add(batch(11, 12));
    changes.add(batch(12, 14));
    assertEquals(List.of(13L, 14L), revisions(changes.take(12, 14)));
  }

  @Test
  void aLiveRevisionInsideABatchOrBeforeTheFirstMeansARead() {
    changes.add(batch(10, 14));
    assertNull(changes.take(12, 14), "the feed read part of the batch");
    changes.add(batch(20, 21));
    assertNull(changes.take(18, 21), "revisions 19 and 20 were never handed over");
  }

  @Test
  void aGapAnUnknownBatchOrTooManyEventsForgetWhatCameBefore() {
    changes.add(batch(10, 11));
    changes.add(batch(12, 13)); // 12 is missing
    assertNull(changes.take(10, 13));
    assertEquals(List.of(13L), revisions(changes.take(12, 13)));

    changes.add(batch(13, 14));
    changes.add(RevisionApplied.changesUnknown(15));
    assertNull(changes.take(13, 15));

    changes.add(batch(15, 16));
    changes.add(batch(16, 16 + ChangeReader.CHUNK_EVENTS_MAX));
    assertNull(changes.take(15, 16 + ChangeReader.CHUNK_EVENTS_MAX), "1,001 events do not fit");
    assertEquals(ChangeReader.CHUNK_EVENTS_MAX,
        changes.take(16, 16 + ChangeReader.CHUNK_EVENTS_MAX).size(), "alone, 1,000 do");
  }

  /** One event per revision after {@code previous} up to {@code revision}. */
  private static RevisionApplied batch(long previous, long revision) {
    List<Event> events = new ArrayList<>();
    LongStream.rangeClosed(previous + 1, revision).forEach(r -> events.add(Event.newBuilder()
        .setKv(KeyValue.newBuilder().setKey(ByteString.copyFromUtf8("k" + r)).setModRevision(r))
        .build()));
    return new RevisionApplied(previous, revision, events);
  }

  private static List<Long> revisions(ChangeChunk chunk) {
    List<Long> revisions = new ArrayList<>();
    for (int i = 0; i < chunk.size(); i++) {
      revisions.add(chunk.event(i).getKv().getModRevision());
    }
    return revisions;
  }
}
