package io.vetcd.bus;

import io.vetcd.proto.mvccpb.Event;
import java.util.List;

/**
 * Published by the apply loop after a batch that moved the store's revision from
 * {@code previousRevision} to {@code revision}: every change up to it is stored and readable.
 * {@code changes} are the batch's watch events in revision order, handed over as the apply wrote
 * them so that live watchers need no store read; null when they are not at hand (a snapshot was
 * installed), and then the watch hub reads them from the store.
 */
public record RevisionApplied(long previousRevision, long revision, List<Event> changes) {

  /** A new revision whose changes the hub must read from the store. */
  public static RevisionApplied changesUnknown(long revision) {
    return new RevisionApplied(revision, revision, null);
  }
}
