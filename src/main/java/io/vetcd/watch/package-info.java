/**
 * The watch hub: etcd's watchable store (mvcc/watchable_store.go and watcher.go) over vetcd's
 * change log, independent of any protocol.
 *
 * <p>The apply loop announces each new revision with the changes it wrote
 * ({@link io.vetcd.bus.RevisionApplied}); the hub hands each live watcher its events from them,
 * without reading the store back. Whatever it has not been handed (a watcher with prev_kv, more
 * changes than a chunk while it was busy, a snapshot installed, history) it reads from the
 * store, on its own worker, in bounded chunks that never split a revision. A watcher is
 * <em>synced</em> when it has everything up to the hub's live revision and is fed by the live
 * feed, or <em>unsynced</em> when it starts in the past or its stream was full: unsynced watchers
 * catch up from the change log in the same chunks and rejoin the synced set. Nothing a client
 * does (not reading, watching from revision 1) can block the apply loop or another stream: every
 * stream holds a bounded number of events.
 *
 * <p>Threading: all watcher state lives on the hub's context; a {@link io.vetcd.watch.WatchStream}
 * belongs to the context that opened it, and the two talk only by posting tasks to each other.
 * Store reads run on a worker, never on an event loop.
 *
 * <p>Adapters (gRPC, JSON lines, WebSocket) open a stream with
 * {@link io.vetcd.watch.WatchHub#openStream}, pass it etcd's {@code WatchRequest}s and write the
 * {@code WatchResponse}s it hands to their {@link io.vetcd.watch.WatchSink}.
 */
package io.vetcd.watch;
