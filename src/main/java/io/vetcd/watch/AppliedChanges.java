package io.vetcd.watch;

import io.vetcd.bus.RevisionApplied;
import io.vetcd.proto.mvccpb.Event;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The changes the apply loop handed over with its announcements and the live feed has not yet
 * dispatched: batches of consecutive revisions, at most {@link ChangeReader#CHUNK_EVENTS_MAX}
 * events in all. The live feed takes them instead of reading the store back; whenever they do
 * not cover exactly what it needs next (too many came while it read, a snapshot was installed,
 * it read past part of them), it reads, as it would without them.
 */
final class AppliedChanges {
  private final ArrayDeque<RevisionApplied> batches = new ArrayDeque<>();
  private int events;

  /** Keeps a batch's changes; one that does not follow the kept ones, or does not fit, resets. */
  void add(RevisionApplied applied) {
    boolean follows = batches.isEmpty()
        || batches.peekLast().revision() == applied.previousRevision();
    int size = applied.changes() == null ? Integer.MAX_VALUE : applied.changes().size();
    if (!follows || size > ChangeReader.CHUNK_EVENTS_MAX - events) {
      clear();
    }
    if (size <= ChangeReader.CHUNK_EVENTS_MAX) {
      batches.add(applied);
      events += size;
    }
  }

  void clear() {
    batches.clear();
    events = 0;
  }

  /**
   * The changes of revisions {@code liveRevision + 1} to {@code appliedRevision} as one chunk, or
   * null when the kept batches do not cover exactly that. Batches at or below
   * {@code liveRevision} are dropped: the live feed has dispatched them.
   */
  ChangeChunk take(long liveRevision, long appliedRevision) {
    while (!batches.isEmpty() && batches.peekFirst().revision() <= liveRevision) {
      events -= batches.pollFirst().changes().size();
    }
    if (batches.isEmpty() || batches.peekFirst().previousRevision() != liveRevision
        || batches.peekLast().revision() != appliedRevision) {
      return null;
    }
    List<Event> chunkEvents = new ArrayList<>(events);
    batches.forEach(batch -> chunkEvents.addAll(batch.changes()));
    clear();
    return ChangeChunk.of(liveRevision + 1, appliedRevision, chunkEvents, null);
  }
}
