package io.vetcd.raft;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Members on a perfect in-memory network, driven message by message for scenario tests (like
 * etcd-io/raft's raft_test.go network): no threads, no time, deterministic.
 */
final class TestCluster {
  final TreeMap<Long, RaftCore> cores = new TreeMap<>();
  final TreeMap<Long, StableLog> storages = new TreeMap<>();
  final TreeMap<Long, List<Entry>> applied = new TreeMap<>();
  final TreeMap<Long, List<ReadState>> readStates = new TreeMap<>();
  final ArrayDeque<Message> inFlight = new ArrayDeque<>();
  /** Every message handed to the network (dropped or not), for counting in tests. */
  final List<Message> sent = new ArrayList<>();
  /** Messages matching this are dropped on send. */
  Predicate<Message> drop = m -> false;
  private final Set<Long> isolated = new HashSet<>();
  private final UnsafeBug bug;
  private final java.util.function.UnaryOperator<RaftConfig> tune;

  TestCluster(int size) {
    this(size, c -> c, UnsafeBug.NONE);
  }

  TestCluster(int size, java.util.function.UnaryOperator<RaftConfig> tune) {
    this(size, tune, UnsafeBug.NONE);
  }

  TestCluster(int size, java.util.function.UnaryOperator<RaftConfig> tune, UnsafeBug bug) {
    this.tune = tune;
    this.bug = bug;
    long[] ids = new long[size];
    for (int i = 0; i < size; i++) {
      ids[i] = i + 1;
    }
    for (long id : ids) {
      add(id, new StableLog(ConfState.ofVoters(ids)));
    }
  }

  void add(long id, StableLog storage) {
    RaftConfig config = tune.apply(RaftConfig.defaults(id, new SplittableRandom(id)));
    storages.put(id, storage);
    cores.put(id, new RaftCore(config, storage, bug));
    applied.put(id, new ArrayList<>());
    readStates.put(id, new ArrayList<>());
  }

  /** Replaces member {@code id} with one that has {@code storage} on disk. */
  void restartWith(long id, StableLog storage) {
    add(id, storage);
  }

  /** A founding member's disk holding the bootstrap entries, then entries of {@code terms}. */
  static StableLog storageWithLog(int clusterSize, long hardTerm, long... terms) {
    long[] ids = new long[clusterSize];
    for (int i = 0; i < clusterSize; i++) {
      ids[i] = i + 1;
    }
    StableLog s = new StableLog(ConfState.ofVoters(ids));
    List<Entry> entries = new ArrayList<>();
    long index = s.lastIndex();
    for (long t : terms) {
      entries.add(new Entry(t, ++index, EntryType.NORMAL, bytes("t" + t + "i" + index)));
    }
    s.append(entries);
    s.setHardState(new HardState(hardTerm, 0, clusterSize));
    return s;
  }

  /** The member that leads in the highest term, or 0. */
  long leader() {
    long best = 0;
    long bestTerm = -1;
    for (var e : cores.entrySet()) {
      Status st = e.getValue().status();
      if (st.role() == Role.LEADER && st.term() > bestTerm) {
        best = e.getKey();
        bestTerm = st.term();
      }
    }
    return best;
  }

  long countSent(Predicate<Message> which) {
    return sent.stream().filter(which).count();
  }

  List<Entry> log(long id) {
    return cores.get(id).logEntries(1, Long.MAX_VALUE);
  }

  /** A member's log as comparable text: index/term/type/data for each entry. */
  List<String> describeLog(long id) {
    List<String> out = new ArrayList<>();
    for (Entry e : log(id)) {
      out.add(e.index() + "/" + e.term() + "/" + e.type() + "/"
          + (e.data() == null ? "-" : java.util.Arrays.toString(e.data())));
    }
    return out;
  }

  RaftCore core(long id) {
    return cores.get(id);
  }

  void isolate(long id) {
    isolated.add(id);
  }

  void heal() {
    isolated.clear();
    drop = m -> false;
  }

  /** Processes every Ready and delivers every message until nothing moves. */
  void stabilize() {
    for (int round = 0; round < 10_000; round++) {
      boolean moved = false;
      for (long id : cores.keySet()) {
        moved |= processReady(id);
      }
      if (!inFlight.isEmpty()) {
        deliver(inFlight.pollFirst());
        moved = true;
      }
      if (!moved) {
        return;
      }
    }
    throw new AssertionError("cluster did not stabilize");
  }

  boolean processReady(long id) {
    RaftCore core = cores.get(id);
    if (!core.hasReady()) {
      return false;
    }
    StableLog storage = storages.get(id);
    Ready rd = core.ready();
    if (rd.snapshot() != null) {
      storage.applySnapshot(rd.snapshot());
      applied.get(id).clear();
    }
    storage.append(rd.entries());
    if (rd.hardState() != null) {
      storage.setHardState(rd.hardState());
    }
    for (Message m : rd.messages()) {
      sent.add(m);
      if (!isolated.contains(m.from()) && !isolated.contains(m.to()) && !drop.test(m)) {
        inFlight.addLast(m);
      }
    }
    for (Entry e : rd.committedEntries()) {
      applied.get(id).add(e);
      if (e.type() == EntryType.CONF_CHANGE) {
        core.applyConfChange(ConfChange.fromBytes(e.data()));
      }
    }
    readStates.get(id).addAll(rd.readStates());
    core.advance(rd);
    return true;
  }

  private void deliver(Message m) {
    RaftCore to = cores.get(m.to());
    if (to != null) {
      to.step(Message.fromBytes(m.toBytes())); // every delivery also exercises the wire form
    }
  }

  /** Elects {@code id} by timing it out first, and lets the cluster settle. */
  void elect(long id) {
    cores.get(id).campaign();
    stabilize();
    if (cores.get(id).status().role() != Role.LEADER) {
      throw new AssertionError(id + " did not become leader: " + cores.get(id).status());
    }
  }

  void tickAll(int ticks) {
    for (int i = 0; i < ticks; i++) {
      cores.values().forEach(RaftCore::tick);
      stabilize();
    }
  }

  List<String> appliedData(long id) {
    List<String> out = new ArrayList<>();
    for (Entry e : applied.get(id)) {
      if (e.type() == EntryType.NORMAL && e.data() != null) {
        out.add(new String(e.data(), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  static byte[] bytes(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
