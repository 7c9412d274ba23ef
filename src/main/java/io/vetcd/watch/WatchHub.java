package io.vetcd.watch;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vetcd.bus.Addresses;
import io.vetcd.bus.RevisionApplied;
import io.vetcd.errors.EtcdError;
import io.vetcd.errors.EtcdException;
import io.vetcd.mvcc.KeyRange;
import io.vetcd.mvcc.MvccStore;
import io.vetcd.proto.etcdserverpb.ResponseHeader;
import io.vetcd.proto.etcdserverpb.WatchCreateRequest;
import io.vetcd.proto.mvccpb.Event;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The member's watch hub (etcd's watchableStore). Deploy it once, then open a {@link WatchStream}
 * per client stream from any event loop. See the package documentation for how it works.
 *
 * <p>One store read is in flight at a time, on a single worker: live reads and catch-up reads
 * take turns, so the hub never holds more than one chunk and its revisions only move forward.
 */
public final class WatchHub extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(WatchHub.class);
  /**
   * Unsynced watchers served by one catch-up read (etcd's maxWatchersPerSync): bounds the work of
   * one dispatch when thousands of watchers start in the past at once.
   */
  static final int CATCH_UP_WATCHERS_MAX = 512;

  /** Pause before a store read that failed (not for compaction) is tried again. */
  static final long READ_RETRY_MILLIS = 100;

  private final MvccStore store;
  private final LongFunction<ResponseHeader> headers;
  private final WatchSettings settings;
  private Responses responses;
  private ChangeReader reader;
  private WorkerExecutor readers;
  private Context hubContext;

  /** Every revision up to here has been dispatched to the synced watchers. */
  private long liveRevision;
  /** The latest revision the apply loop announced. */
  private long appliedRevision;
  private boolean reading;
  /** What the apply loop handed over beyond liveRevision: the live feed's changes, unread. */
  private final AppliedChanges appliedChanges = new AppliedChanges();
  private final Set<Watcher> synced = new LinkedHashSet<>();
  private final Set<Watcher> unsynced = new LinkedHashSet<>();
  /** Progress requests waiting for the live feed to reach the revision they were asked at. */
  private final List<WaitingProgress> waitingProgress = new ArrayList<>();
  /** How many watchers there are, synced or not, for the metrics (read on any thread). */
  private volatile int watcherTotal;
  /** Streams given responses in this turn: each gets them in one task when the turn ends. */
  private final Set<WatchStream> staged = new LinkedHashSet<>();

  public WatchHub(MvccStore store, LongFunction<ResponseHeader> headers, WatchSettings settings) {
    this.store = store;
    this.headers = headers;
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    hubContext = context;
    responses = new Responses(headers, settings.fragmentBytes());
    reader = new ChangeReader(store);
    readers = vertx.createSharedWorkerExecutor("vetcd-watch-read", 1);
    liveRevision = store.currentRevision();
    appliedRevision = liveRevision;
    vertx.setPeriodic(settings.progressNotifyIntervalMillis(), t -> notifyProgress());
    return vertx.eventBus().<RevisionApplied>consumer(Addresses.REVISION_APPLIED, message -> {
      appliedRevision = Math.max(appliedRevision, message.body().revision());
      appliedChanges.add(message.body());
      pump();
    }).completion();
  }

  @Override
  public Future<?> stop() {
    return readers.close();
  }

  /** Opens a stream whose responses go to {@code sink} on the caller's context. */
  public WatchStream openStream(WatchSink sink) {
    Context caller = Vertx.currentContext();
    if (caller == null) {
      throw new IllegalStateException("a watch stream belongs to a Vert.x context");
    }
    return new WatchStream(this, caller, sink);
  }

  /** The watchers of every stream (etcd's etcd_debugging_mvcc_watcher_total). */
  public int watcherTotal() {
    return watcherTotal;
  }

  void onHub(Runnable task) {
    hubContext.runOnContext(v -> task.run());
  }

  /** Hub context: {@code stream} staged its first response of this turn. */
  void handOverAtEndOfTurn(WatchStream stream) {
    if (staged.isEmpty()) {
      // Runs after the current task: by then the whole dispatch (or request) has staged.
      hubContext.runOnContext(v -> handOverStaged());
    }
    staged.add(stream);
  }

  private void handOverStaged() {
    List<WatchStream> streams = List.copyOf(staged);
    staged.clear();
    streams.forEach(WatchStream::handOver);
  }

  void create(WatchStream stream, WatchCreateRequest request) {
    // A cached field in the store: reading it does not block the hub's event loop.
    long revision = store.currentRevision();
    long id;
    KeyRange range;
    try {
      range = Watcher.rangeOf(request);
      id = stream.watchers.assignId(request.getWatchId());
    } catch (EtcdException refused) {
      stream.answer(responses.refused(revision, refused.getMessage()));
      return;
    }
    long start = request.getStartRevision() == 0 ? revision + 1 : request.getStartRevision();
    Watcher watcher = Watcher.of(stream, id, request, range, start);
    stream.watchers.add(watcher);
    stream.answer(responses.created(id, revision));
    // As etcd: a watch from a revision not yet dispatched needs no history.
    if (start > liveRevision) {
      toSynced(watcher);
    } else {
      unsynced.add(watcher);
      pump();
    }
    watcherTotal = synced.size() + unsynced.size();
  }

  void cancel(WatchStream stream, long watchId) {
    Watcher watcher = stream.watchers.remove(watchId);
    if (watcher != null) {
      forget(watcher);
      stream.answer(responses.canceled(watchId, store.currentRevision()));
    } else {
      stream.answerNothing();
    }
  }

  /**
   * Answered with the store's revision when the request came, as etcd does, once every event up
   * to it has been handed to the synced watchers: a client that saw its put acknowledged, then
   * asked for progress, must not be told of an older revision.
   */
  void requestProgress(WatchStream stream) {
    waitingProgress.add(new WaitingProgress(stream, store.currentRevision()));
    pump();
  }

  private void answerReachedProgress() {
    for (Iterator<WaitingProgress> it = waitingProgress.iterator(); it.hasNext(); ) {
      WaitingProgress waiting = it.next();
      if (waiting.revision() <= liveRevision) {
        waiting.stream().answer(responses.progress(Responses.NO_WATCH_ID, liveRevision));
        it.remove();
      }
    }
  }

  void closeStream(WatchStream stream) {
    stream.watchers.all().forEach(this::forget);
  }

  /** Starts the next store read if none is running: live changes first, then catch-up. */
  void pump() {
    answerReachedProgress();
    if (reading) {
      return;
    }
    if (appliedRevision > liveRevision) {
      if (synced.isEmpty()) {
        // No live watcher: the revisions need no read (a watcher catching up reads its own).
        liveRevision = appliedRevision;
        appliedChanges.clear();
        answerReachedProgress();
      } else {
        List<Watcher> audience = List.copyOf(synced);
        boolean withPrevKv = anyWantsPrevKv(audience);
        ChangeChunk handedOver =
            withPrevKv ? null : appliedChanges.take(liveRevision, appliedRevision);
        if (handedOver == null) {
          read(liveRevision + 1, appliedRevision, audience, withPrevKv, true);
          return;
        }
        liveRevision = appliedRevision;
        dispatch(handedOver, audience);
        answerReachedProgress();
      }
    }
    List<Watcher> catchingUp = new ArrayList<>();
    long from = Long.MAX_VALUE;
    for (Watcher watcher : List.copyOf(unsynced)) {
      if (watcher.nextRevision > liveRevision) {
        toSynced(watcher); // already past the live revision (it jumped over a compaction)
      } else if (watcher.stream.hasRoom()) {
        catchingUp.add(watcher);
        from = Math.min(from, watcher.nextRevision);
        if (catchingUp.size() == CATCH_UP_WATCHERS_MAX) {
          break;
        }
      }
    }
    if (!catchingUp.isEmpty()) {
      read(from, liveRevision, catchingUp, anyWantsPrevKv(catchingUp), false);
    }
  }

  private static boolean anyWantsPrevKv(List<Watcher> watchers) {
    return watchers.stream().anyMatch(w -> w.prevKv);
  }

  private void read(long from, long to, List<Watcher> audience, boolean withPrevKv,
      boolean live) {
    reading = true;
    readers.executeBlocking(() -> reader.read(from, to, withPrevKv)).onComplete(done -> {
      reading = false;
      if (done.succeeded()) {
        if (live) {
          liveRevision = done.result().lastRevision();
          dispatch(done.result(), List.copyOf(synced));
        } else {
          dispatch(done.result(), audience);
        }
      } else if (done.cause() instanceof EtcdException e && e.error() == EtcdError.COMPACTED) {
        cancelCompacted(store.compactedRevision());
      } else {
        LOG.warn("watch read of revisions {}..{} failed; retrying", from, to, done.cause());
        vertx.setTimer(READ_RETRY_MILLIS, t -> pump());
        return;
      }
      pump();
    });
  }

  /** Hands each watcher its events of the chunk; one whose stream is full falls behind. */
  private void dispatch(ChangeChunk chunk, Collection<Watcher> audience) {
    // One header for every response of the chunk: they all carry its last revision.
    ResponseHeader header = responses.header(chunk.lastRevision());
    for (Watcher watcher : audience) {
      if (watcher.removed || watcher.nextRevision > chunk.lastRevision()) {
        continue; // canceled meanwhile, or starts later
      }
      if (watcher.prevKv && !chunk.hasPrevKv()) {
        toUnsynced(watcher); // created while the chunk was read without prev_kv: read it again
        continue;
      }
      List<Event> events = watcher.select(chunk);
      if (!events.isEmpty() && !watcher.stream.offer(
          responses.events(watcher, events, header), events.size())) {
        toUnsynced(watcher);
        continue;
      }
      watcher.eventsSinceProgress |= !events.isEmpty();
      watcher.nextRevision = chunk.lastRevision() + 1;
      if (!watcher.synced && watcher.nextRevision > liveRevision) {
        toSynced(watcher);
      }
    }
  }

  /**
   * Ends every watch that still needs a compacted revision, with etcd's response (compact_revision
   * set, canceled), and moves the live feed past the compaction.
   */
  private void cancelCompacted(long compactedRevision) {
    for (Watcher watcher : List.copyOf(unsyncedAndSynced())) {
      if (watcher.nextRevision < compactedRevision) {
        watcher.stream.watchers.remove(watcher.id);
        forget(watcher);
        watcher.stream.offerControl(responses.compacted(watcher.id, compactedRevision));
      }
    }
    liveRevision = Math.max(liveRevision, compactedRevision - 1);
  }

  /** etcd's progress notify ticker: each synced progress_notify watch that saw no event. */
  private void notifyProgress() {
    for (Watcher watcher : synced) {
      if (watcher.progressNotify && !watcher.eventsSinceProgress) {
        watcher.stream.offer(List.of(responses.progress(watcher.id, liveRevision)), 0);
      }
      watcher.eventsSinceProgress = false;
    }
  }

  private List<Watcher> unsyncedAndSynced() {
    List<Watcher> all = new ArrayList<>(unsynced);
    all.addAll(synced);
    return all;
  }

  private void toSynced(Watcher watcher) {
    unsynced.remove(watcher);
    synced.add(watcher);
    watcher.synced = true;
  }

  private void toUnsynced(Watcher watcher) {
    synced.remove(watcher);
    unsynced.add(watcher);
    watcher.synced = false;
  }

  private record WaitingProgress(WatchStream stream, long revision) {}

  private void forget(Watcher watcher) {
    watcher.removed = true;
    synced.remove(watcher);
    unsynced.remove(watcher);
    watcherTotal = synced.size() + unsynced.size();
  }
}
