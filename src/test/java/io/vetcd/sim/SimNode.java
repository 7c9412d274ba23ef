package io.vetcd.sim;

import io.vetcd.raft.ConfChange;
import io.vetcd.raft.ConfChangeType;
import io.vetcd.raft.ConfState;
import io.vetcd.raft.Entry;
import io.vetcd.raft.EntryType;
import io.vetcd.raft.HardState;
import io.vetcd.raft.StableLog;
import io.vetcd.raft.Message;
import io.vetcd.raft.MessageType;
import io.vetcd.raft.PlantedBugs;
import io.vetcd.raft.ProposalDroppedException;
import io.vetcd.raft.RaftConfig;
import io.vetcd.raft.RaftCore;
import io.vetcd.raft.ReadState;
import io.vetcd.raft.Ready;
import io.vetcd.raft.Role;
import io.vetcd.raft.Snapshot;
import io.vetcd.raft.UnsafeBug;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One simulated member: a core, a disk that keeps only what was fsynced, a key-value state
 * machine, and the client requests it is serving. It drives its core as a real driver would,
 * following the contract on {@link Ready}.
 */
final class SimNode {
  private record WaitingRead(long index, Operation op) {}

  final long id;
  private final Simulation sim;
  /** The disk: holds exactly what survives a crash. */
  final StableLog storage;
  RaftCore core; // null while down
  boolean removed;
  boolean crashBeforeNextPersist;
  boolean crashAfterNextCommit;
  Role role = Role.FOLLOWER;
  long term;
  long nextTickAt;
  int tickPeriod;

  private KvStateMachine stateMachine;
  private long applied;
  private long commitChecked;
  private ConfState confState;
  /** The latest hard state; the disk may hold an older one until the next fsync. */
  private HardState latestHardState;
  private final Map<Long, Operation> pendingPuts = new HashMap<>();
  private final Map<Long, Operation> pendingReads = new HashMap<>();
  private final List<WaitingRead> readsWaitingForApply = new ArrayList<>();

  SimNode(long id, Simulation sim, StableLog storage) {
    this.id = id;
    this.sim = sim;
    this.storage = storage;
  }

  boolean isUp() {
    return core != null;
  }

  void start(RaftConfig config) {
    Snapshot snap = storage.snapshot();
    stateMachine = snap.isEmpty() ? new KvStateMachine() : KvStateMachine.restore(snap.data());
    applied = snap.index();
    commitChecked = snap.index();
    confState = snap.confState();
    latestHardState = storage.hardState();
    role = Role.FOLLOWER;
    crashBeforeNextPersist = false;
    crashAfterNextCommit = false;
    core = PlantedBugs.core(config, storage, sim.bug());
  }

  /** Loses everything that is not on disk. */
  void crash() {
    sim.onCrashed(id);
    core = null;
    pendingPuts.clear();
    pendingReads.clear();
    readsWaitingForApply.clear();
    role = Role.FOLLOWER;
  }

  ConfState confState() {
    return confState;
  }

  long applied() {
    return applied;
  }

  // ---- client requests

  boolean submitPut(Operation op, long requestId) {
    try {
      core.propose(SimCommand.put(requestId, op.key, op.value).encode());
    } catch (ProposalDroppedException dropped) {
      return false;
    }
    pendingPuts.put(requestId, op);
    return true;
  }

  boolean submitRead(Operation op, long requestId) {
    try {
      core.readIndex(Long.toString(requestId).getBytes(StandardCharsets.UTF_8));
    } catch (ProposalDroppedException dropped) {
      return false;
    }
    pendingReads.put(requestId, op);
    return true;
  }

  /** The client gave up on this request. */
  void forget(long requestId) {
    pendingPuts.remove(requestId);
    pendingReads.remove(requestId);
    readsWaitingForApply.removeIf(w -> sim.requestIdOf(w.op) == requestId);
  }

  // ---- the driver loop

  void deliver(Message m) {
    core.step(m);
  }

  void processReadies(long now) {
    for (int i = 0; i < 20 && core != null && !removed && core.hasReady(); i++) {
      processReady(now, core.ready());
    }
  }

  private void processReady(long now, Ready rd) {
    if (rd.softState() != null) {
      role = rd.softState().role();
    }
    Predicate<Message> early = sendableBeforePersist();
    send(now, rd.messages(), early);
    if (crashBeforeNextPersist && rd.mustSync()) {
      sim.trace("crash of " + id + " before persisting a Ready");
      crash();
      return;
    }
    long commitBefore = latestHardState.commit();
    persist(rd);
    if (crashAfterNextCommit && latestHardState.commit() > commitBefore) {
      sim.trace("crash of " + id + " right after committing " + latestHardState.commit());
      crash();
      return;
    }
    send(now, rd.messages(), early.negate());
    if (rd.softState() != null || rd.hardState() != null) {
      term = latestHardState.term();
    }
    if (rd.softState() != null && role == Role.LEADER) {
      sim.checker().onLeader(id, term);
      sim.checker().onBecameLeader(id, term, storage);
      sim.trace("leader " + id + " term " + term);
      sim.onLeaderElected(this);
    }
    if (sim.bug() == UnsafeBug.APPLY_BEFORE_COMMIT) {
      for (Entry e : rd.entries()) {
        if (e.index() == applied + 1) {
          apply(e);
        }
      }
    }
    applyFrom(rd.committedEntries());
    for (ReadState rs : rd.readStates()) {
      Operation op = pendingReads.remove(Long.parseLong(new String(rs.context(), StandardCharsets.UTF_8)));
      if (op != null) {
        readsWaitingForApply.add(new WaitingRead(rs.index(), op));
      }
    }
    core.advance(rd);
    serveReads();
    maybeCompact();
  }

  private void send(long now, List<Message> messages, Predicate<Message> which) {
    for (Message m : messages) {
      if (which.test(m)) {
        sim.send(now, m);
      }
    }
  }

  /** Applies the entries past {@code applied} (with APPLY_BEFORE_COMMIT some already are). */
  private void applyFrom(List<Entry> entries) {
    for (Entry e : entries) {
      if (e.index() > applied) {
        apply(e);
      }
    }
  }

  /**
   * A leader may send its appends while it writes them (Ready's contract); a crash right after
   * loses only its own copy. Everything else waits for the fsync.
   */
  private Predicate<Message> sendableBeforePersist() {
    if (sim.bug() == UnsafeBug.VOTE_BEFORE_PERSIST) {
      return m -> m.type() == MessageType.VOTE_RESP || m.type() == MessageType.PRE_VOTE_RESP;
    }
    return role == Role.LEADER ? Ready::sendableBeforePersist : m -> false;
  }

  private void persist(Ready rd) {
    if (rd.snapshot() != null) {
      storage.applySnapshot(rd.snapshot());
      stateMachine = KvStateMachine.restore(rd.snapshot().data());
      applied = rd.snapshot().index();
      confState = rd.snapshot().confState();
      commitChecked = Math.max(commitChecked, applied);
    }
    storage.append(rd.entries());
    sim.checker().onPersisted(id, rd.entries(), storage);
    if (rd.hardState() != null) {
      latestHardState = rd.hardState();
    }
    // Only an fsync makes the hard state durable; a commit-only change is written lazily.
    if (rd.mustSync() || sim.random().nextInt(4) == 0) {
      storage.setHardState(latestHardState);
    }
    sim.checker().onLogChanged(id, storage);
    if (latestHardState.commit() > commitChecked) {
      sim.checker().onCommitIndex(id, latestHardState.term(), commitChecked,
          latestHardState.commit(), storage);
      commitChecked = latestHardState.commit();
    }
  }

  private void apply(Entry e) {
    if (e.index() != applied + 1) {
      throw new SafetyViolation("member " + id + " applied " + e.index() + " after " + applied);
    }
    sim.checker().onApply(id, latestHardState.term(), e);
    applied = e.index();
    if (e.type() == EntryType.CONF_CHANGE) {
      ConfChange cc = ConfChange.fromBytes(e.data());
      confState = core.applyConfChange(cc);
      if (cc.type() == ConfChangeType.REMOVE_NODE) {
        sim.onRemoved(cc.nodeId());
      }
      return;
    }
    if (e.data() == null) {
      return;
    }
    SimCommand cmd = SimCommand.decode(e.data());
    stateMachine.apply(cmd);
    if (cmd.kind() == SimCommand.MARKER) {
      sim.onMarkerApplied(id, cmd.requestId());
    }
    Operation op = pendingPuts.remove(cmd.requestId());
    if (op != null) {
      sim.complete(op, null);
    }
  }

  private void serveReads() {
    for (Iterator<WaitingRead> it = readsWaitingForApply.iterator(); it.hasNext(); ) {
      WaitingRead w = it.next();
      if (w.index <= applied) {
        it.remove();
        sim.complete(w.op, stateMachine.get(w.op.key));
      }
    }
  }

  private void maybeCompact() {
    if (applied - (storage.firstIndex() - 1) >= sim.options().compactEveryEntries()
        && applied <= core.status().applied()) { // not so with APPLY_BEFORE_COMMIT
      core.compact(applied, stateMachine.snapshot(), confState);
      storage.setHardState(latestHardState); // taking a snapshot syncs the disk
    }
  }
}
