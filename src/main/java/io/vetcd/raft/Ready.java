package io.vetcd.raft;

import java.util.List;

/**
 * Work the driver must do, handed out by {@link RaftCore#ready()} and acknowledged with
 * {@link RaftCore#advance(Ready)}. The ordering contract:
 *
 * <ol>
 *   <li>If {@code snapshot} is not null, persist it and restore the state machine from it.
 *   <li>Persist {@code entries} (replacing any persisted entries at the same or later indexes)
 *       and {@code hardState}; when {@code mustSync} is true, fsync before going on.
 *   <li>Send {@code messages} only after step 2 is durable: a vote or an append acknowledgement
 *       promises that what it acknowledges survives a crash. The one exception (as in etcd and
 *       thesis §10.2.1): a leader's APP, SNAP and HEARTBEAT messages may be sent before or while
 *       it persists, because the leader counts its own entries for commit, but committed entries
 *       only come out of a later Ready, after this one was advanced (so after they were durable).
 *   <li>Apply {@code committedEntries} in order; for a {@link EntryType#CONF_CHANGE} entry call
 *       {@link RaftCore#applyConfChange}. They were persisted by an earlier Ready (the core hands
 *       out only persisted entries), so the driver may start applying them before or while it
 *       does step 2, as etcd's raftNode does; an entry is never applied before it is durable.
 *   <li>Answer {@code readStates}: a read may be served once the applied index reaches its index.
 *   <li>Call {@link RaftCore#advance(Ready)} before asking for the next Ready.
 * </ol>
 *
 * @param softState leader and role, null if unchanged since the previous Ready
 * @param hardState term, vote and commit to persist, null if unchanged
 * @param entries new log entries to persist
 * @param snapshot a snapshot received from the leader, or null
 * @param committedEntries entries to apply
 * @param messages messages to send to other members
 * @param readStates answers to ReadIndex requests
 * @param mustSync whether the hard state and entries must be fsynced before messages go out
 */
public record Ready(
    SoftState softState,
    HardState hardState,
    List<Entry> entries,
    Snapshot snapshot,
    List<Entry> committedEntries,
    List<Message> messages,
    List<ReadState> readStates,
    boolean mustSync) {

  /** Whether a leader may send {@code m} before its own entries and hard state are durable. */
  public static boolean sendableBeforePersist(Message m) {
    return m.type() == MessageType.APP || m.type() == MessageType.SNAP
        || m.type() == MessageType.HEARTBEAT;
  }
}
