package io.vetcd.watch;

import io.vertx.core.Context;
import io.vetcd.proto.etcdserverpb.WatchCreateRequest;
import io.vetcd.proto.etcdserverpb.WatchRequest;
import io.vetcd.proto.etcdserverpb.WatchResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client's watch stream (etcd's serverWatchStream): many watches, created, canceled and asked
 * for progress with etcd's WatchRequest, answered with etcd's WatchResponse through a
 * {@link WatchSink}. Its public methods are called on the context that opened it; they return at
 * once and the answers arrive through the sink, in order, on the same context.
 *
 * <p>Backpressure: the events handed to the stream and not yet written to the sink are counted
 * against {@link #BUFFERED_EVENTS_MAX}. When a watcher's events do not fit, the hub leaves them
 * in the store and the watcher catches up once the stream has drained to half of it.
 */
public final class WatchStream {
  /**
   * Events a stream may hold while its client does not read. etcd's stream channel holds 128
   * responses (watchable_store.go chanBufLen), which may be far more events; past the bound the
   * watcher stops receiving live events and catches up from the store later.
   */
  static final int BUFFERED_EVENTS_MAX = 4096;
  /**
   * Requests (create, cancel, progress) whose answers are not yet written. At the bound the
   * stream stops reading requests until half of them are, as etcd's recvLoop blocks on its
   * control channel of 16 (v3rpc/watch.go ctrlStreamBufLen): a client that sends and never reads
   * is held back by flow control instead of queueing answers without end.
   */
  static final int PENDING_REQUESTS_MAX = 16;

  private final WatchHub hub;
  private final Context context;
  private final WatchSink sink;
  /** Stream context only. Holds at most BUFFERED_EVENTS_MAX events plus control responses. */
  private final ArrayDeque<Queued> outbox = new ArrayDeque<>();
  private final AtomicInteger bufferedEvents = new AtomicInteger();
  /** Set when the hub was refused for lack of room: the next drain below half wakes it. */
  private final AtomicBoolean hubWaiting = new AtomicBoolean();
  private volatile boolean closed;
  /** Stream context only: see PENDING_REQUESTS_MAX. */
  private int pendingRequests;
  private boolean requestsPaused;
  /** Hub context only: this stream's watches by id. */
  final StreamWatchers watchers = new StreamWatchers();
  /** Hub context only: responses offered in the hub's current turn, not yet handed over. */
  private List<Queued> staged = new ArrayList<>();

  WatchStream(WatchHub hub, Context context, WatchSink sink) {
    this.hub = hub;
    this.context = context;
    this.sink = sink;
  }

  /** Serves one request of etcd's Watch stream; a request with no operation is ignored, as etcd. */
  public void handle(WatchRequest request) {
    switch (request.getRequestUnionCase()) {
      case CREATE_REQUEST -> create(request.getCreateRequest());
      case CANCEL_REQUEST -> cancel(request.getCancelRequest().getWatchId());
      case PROGRESS_REQUEST -> requestProgress();
      default -> { }
    }
  }

  /** Answers a response with created = true, then the watch's events as they come. */
  public void create(WatchCreateRequest request) {
    requested();
    hub.onHub(() -> hub.create(this, request));
  }

  /** Answers a response with canceled = true, or nothing when no such watch exists (as etcd). */
  public void cancel(long watchId) {
    requested();
    hub.onHub(() -> hub.cancel(this, watchId));
  }

  /** Answers a response with watch_id -1 and the revision every synced watch has reached. */
  public void requestProgress() {
    requested();
    hub.onHub(() -> hub.requestProgress(this));
  }

  private void requested() {
    if (++pendingRequests >= PENDING_REQUESTS_MAX && !requestsPaused) {
      requestsPaused = true;
      sink.pauseRequests();
    }
  }

  private void answered() {
    if (--pendingRequests <= PENDING_REQUESTS_MAX / 2 && requestsPaused) {
      requestsPaused = false;
      sink.resumeRequests();
    }
  }

  /** Ends every watch of the stream; nothing more is written to the sink. */
  public void close() {
    closed = true;
    hub.onHub(() -> hub.closeStream(this));
  }

  /** Hub side: queues a watcher's responses unless its events do not fit; false leaves them out. */
  boolean offer(List<WatchResponse> responses, int events) {
    if (closed) {
      return true;
    }
    if (!reserve(events)) {
      // Set the flag before the second try, so that a drain in between cannot be missed.
      hubWaiting.set(true);
      if (!reserve(events)) {
        return false;
      }
    }
    stage(responses, events);
    return true;
  }

  /** Hub side: queues a response of the hub's own that must not be dropped (compacted). */
  void offerControl(WatchResponse response) {
    stage(new Queued(response, 0, false));
  }

  /** Hub side: queues the answer to a request (created, refused, canceled, progress). */
  void answer(WatchResponse response) {
    stage(new Queued(response, 0, true));
  }

  /** Hub side: a request that has no answer (a cancel of no watch) is done all the same. */
  void answerNothing() {
    stage(new Queued(null, 0, true));
  }

  /**
   * Hub side: keeps the responses until the hub's turn ends, so that one fan-out costs one task
   * on the stream's context however many of its watchers it reaches.
   */
  private void stage(List<WatchResponse> responses, int events) {
    for (int i = 0; i < responses.size(); i++) {
      // The events count travels with the last fragment: they are written once it is.
      stage(new Queued(responses.get(i), i == responses.size() - 1 ? events : 0, false));
    }
  }

  private void stage(Queued queued) {
    if (staged.isEmpty()) {
      hub.handOverAtEndOfTurn(this);
    }
    staged.add(queued);
  }

  /** Hub side: passes what was staged in this turn to the stream's context, in order. */
  void handOver() {
    List<Queued> batch = staged;
    staged = new ArrayList<>();
    context.runOnContext(v -> enqueue(batch));
  }

  /**
   * Hub side: whether catching up a watcher of this stream may hand it events now. Not while the
   * hub waits for a drain: retrying a refused stream before it drains would read in a loop.
   */
  boolean hasRoom() {
    return !hubWaiting.get() && bufferedEvents.get() < BUFFERED_EVENTS_MAX;
  }

  /** A stream with nothing buffered takes any batch, however large, so one revision always fits. */
  private boolean reserve(int events) {
    while (true) {
      int buffered = bufferedEvents.get();
      if (buffered > 0 && buffered + events > BUFFERED_EVENTS_MAX) {
        return false;
      }
      if (bufferedEvents.compareAndSet(buffered, buffered + events)) {
        return true;
      }
    }
  }

  private void enqueue(List<Queued> batch) {
    if (closed) {
      batch.forEach(q -> release(q.events()));
      return;
    }
    outbox.addAll(batch);
    flush();
  }

  private void flush() {
    while (!outbox.isEmpty() && !closed && !sink.writeQueueFull()) {
      Queued next = outbox.poll();
      if (next.response() != null) {
        sink.write(next.response());
      }
      release(next.events());
      if (next.answersRequest()) {
        answered();
      }
    }
    if (closed) {
      outbox.forEach(q -> release(q.events()));
      outbox.clear();
    } else if (!outbox.isEmpty()) {
      sink.drainHandler(this::flush);
    }
  }

  private void release(int events) {
    if (events > 0 && bufferedEvents.addAndGet(-events) <= BUFFERED_EVENTS_MAX / 2
        && hubWaiting.compareAndSet(true, false)) {
      hub.onHub(hub::pump);
    }
  }

  /** A response to write (null: nothing, for a request without answer) and what it settles. */
  private record Queued(WatchResponse response, int events, boolean answersRequest) {}
}
