/**
 * A pure Raft core in the style of etcd-io/raft's RawNode: no I/O, no clock, no threads; the
 * only randomness comes from {@link io.vetcd.raft.RaftConfig#random()}.
 *
 * <p>A driver owns one {@link io.vetcd.raft.RaftCore} and runs this loop on one thread:
 *
 * <pre>
 *   on timer:        core.tick()
 *   on peer message: core.step(Message.fromBytes(bytes))
 *   on request:      core.propose(data) / proposeBatch(list) / readIndex(ctx) / ...
 *   while (core.hasReady()) {
 *     Ready rd = core.ready();
 *     // persist, send, apply, answer reads: the order is in Ready's javadoc
 *     core.advance(rd);
 *   }
 * </pre>
 *
 * <p>Starting a member: a founding member of a new cluster starts from
 * {@code new StableLog(initialConfState)}, whose log holds the membership as committed
 * conf change entries 1..n of term 1 (as etcd bootstraps); a driver with its own WAL writes
 * {@link io.vetcd.raft.StableLog#bootstrapEntries} and {@code HardState(1, 0, n)} on
 * first boot. A member joining an existing cluster starts from an empty storage and learns the
 * log and the membership from the leader. On restart, the storage holds what was persisted.
 */
package io.vetcd.raft;
