package io.vetcd.sim;

import io.vetcd.raft.ConfChange;
import io.vetcd.raft.ConfChangeType;
import io.vetcd.raft.ConfState;
import io.vetcd.raft.StableLog;
import io.vetcd.raft.Message;
import io.vetcd.raft.ProposalDroppedException;
import io.vetcd.raft.RaftConfig;
import io.vetcd.raft.Role;
import io.vetcd.raft.UnsafeBug;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * One seeded run of a whole cluster in one thread: Raft cores on a virtual network and disk,
 * with faults and a client workload; safety is checked after every step, then the faults stop
 * and liveness is checked, then the client history is checked for linearizability. The seed
 * determines everything, so a failure replays exactly.
 */
public final class Simulation {
  private record Scheduled(long at, long order, Runnable action) {}

  private final SimOptions options;
  private final UnsafeBug bug;
  private final SplittableRandom random;
  /**
   * Draws for the faults added after issue 11 (leader churn, clock stalls): kept apart from
   * {@link #random} so that a seed without them replays the history it had before.
   */
  private final SplittableRandom chaos;
  /** Draws for stream resets (issue 8), apart from both others for the same reason. */
  private final SplittableRandom streams;
  /** Draws for when members learn that a crashed one is gone, apart for the same reason. */
  private final SplittableRandom refusals;
  private final SimNetwork network;
  private final SafetyChecker checker = new SafetyChecker();
  private final Workload workload;
  private final TreeMap<Long, SimNode> nodes = new TreeMap<>();
  /** The values of {@link #nodes} in id order, for the loops run at every step. */
  private SimNode[] members = new SimNode[0];
  private SimNode[] shuffled = new SimNode[0];
  private final List<SimNode> up = new ArrayList<>();
  private final PriorityQueue<Scheduled> schedule = new PriorityQueue<>((a, b) ->
      a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.order, b.order));
  private final Set<Long> markerAppliedOn = new HashSet<>();
  private final boolean tracing;
  private long scheduleOrder;
  private long now;
  private long nextNodeId;
  private long markerRequestId = -1;
  private long markerIndex;
  private int crashes;
  private int confChanges;
  private int transfers;

  public Simulation(SimOptions options, UnsafeBug bug, boolean tracing) {
    this.options = options;
    this.bug = bug;
    this.tracing = tracing;
    this.random = new SplittableRandom(options.seed());
    this.chaos = new SplittableRandom(options.seed() ^ 0x9E3779B97F4A7C15L);
    this.streams = new SplittableRandom(options.seed() ^ 0xC2B2AE3D27D4EB4FL);
    this.refusals = new SplittableRandom(options.seed() ^ 0x165667B19E3779F9L);
    this.network = new SimNetwork(random.split(), options);
    this.workload = new Workload(this, random.split(), options.clients());
  }

  public static SimResult run(SimOptions options, UnsafeBug bug) {
    return new Simulation(options, bug, false).run();
  }

  public SimResult run() {
    String violation = null;
    try {
      boot();
      while (now < options.safetySteps()) {
        step(true);
      }
      checkLiveness();
      String key = LinearizabilityChecker.firstViolation(workload.history().operations());
      if (key != null) {
        workload.history().operations().stream().filter(op -> op.key.equals(key))
            .forEach(op -> trace("history " + op));
        violation = "linearizability: the history of key " + key + " is not linearizable";
      }
    } catch (SafetyViolation v) {
      violation = v.getMessage();
    } catch (RuntimeException e) {
      violation = "exception at step " + now + ": " + e;
      if (tracing) {
        e.printStackTrace();
      }
    }
    return new SimResult(options.seed(), options.nodes(), violation, now, stats());
  }

  private String stats() {
    return "ops=" + workload.history().operations().size() + " completed=" + workload.completed
        + " delivered=" + network.delivered + " dropped=" + network.dropped + " crashes=" + crashes
        + " confChanges=" + confChanges + " transfers=" + transfers + " checks=" + checker.checks;
  }

  // ---- accessors for members

  UnsafeBug bug() {
    return bug;
  }

  SafetyChecker checker() {
    return checker;
  }

  SplittableRandom random() {
    return random;
  }

  SimOptions options() {
    return options;
  }

  void trace(String event) {
    if (tracing) {
      System.out.println("[" + now + "] " + event);
    }
  }

  void send(long at, Message m) {
    network.send(at, m);
  }

  void complete(Operation op, String readValue) {
    workload.complete(op, readValue);
  }

  long requestIdOf(Operation op) {
    return workload.requestIdOf(op);
  }

  void onRemoved(long nodeId) {
    SimNode n = nodes.get(nodeId);
    if (n != null && !n.removed) {
      trace("member " + nodeId + " removed; it shuts down");
      n.removed = true; // stopped at the end of the step, as a driver stops after its Ready

    }
  }

  /**
   * The others learn that {@code nodeId}'s process is gone as the transport does, when their
   * stream to it breaks and its port refuses them: within a tick, each at its own time, and only
   * if it is still down by then. In half the seeds (goneReports), so that the elections after a
   * crash also take their full timeout, as when a partition rather than a crash took the leader.
   */
  void onCrashed(long nodeId) {
    if (!options.goneReports()) {
      return;
    }
    SimNode crashed = nodes.get(nodeId);
    for (SimNode n : members) {
      if (n.id != nodeId) {
        at(1 + refusals.nextInt(options.stepsPerTick()), () -> {
          if (!crashed.isUp() && n.isUp()) {
            n.core.leaderGone(nodeId);
          }
        });
      }
    }
  }

  void onMarkerApplied(long nodeId, long requestId) {
    if (requestId == markerRequestId) {
      markerAppliedOn.add(nodeId);
    }
  }

  // ---- the run

  private void boot() {
    long[] ids = new long[options.nodes()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = i + 1;
    }
    nextNodeId = ids.length + 1;
    for (long id : ids) {
      startNewNode(id, new StableLog(ConfState.ofVoters(ids)));
    }
    trace("options " + options);
  }

  private void startNewNode(long id, StableLog storage) {
    SimNode n = new SimNode(id, this, storage);
    n.tickPeriod = options.stepsPerTick() - 2 + random.nextInt(5); // clocks drift apart
    n.nextTickAt = 1 + random.nextInt(n.tickPeriod);
    nodes.put(id, n);
    members = nodes.values().toArray(new SimNode[0]);
    shuffled = new SimNode[members.length];
    n.start(config(id));
  }

  private RaftConfig config(long id) {
    return RaftConfig.defaults(id, random.split())
        .withPreVote(options.preVote())
        .withCheckQuorum(options.checkQuorum())
        .withFlowControl(options.maxInflight(), options.maxSizePerMsg());
  }

  private void step(boolean faults) {
    now++;
    while (!schedule.isEmpty() && schedule.peek().at <= now) {
      schedule.poll().action.run();
    }
    if (faults) {
      injectFaults();
    }
    workload.step(now, upNodes());
    for (Message m : network.due(now)) {
      SimNode to = nodes.get(m.to());
      if (to != null && to.isUp()) {
        to.deliver(m);
      }
    }
    for (SimNode n : members) {
      if (n.isUp() && now >= n.nextTickAt) {
        n.nextTickAt = now + n.tickPeriod;
        n.core.tick();
      }
    }
    System.arraycopy(members, 0, shuffled, 0, members.length);
    for (int i = shuffled.length - 1; i > 0; i--) { // process members in a random order
      int j = random.nextInt(i + 1);
      SimNode t = shuffled[i];
      shuffled[i] = shuffled[j];
      shuffled[j] = t;
    }
    for (SimNode n : shuffled) {
      if (n.isUp()) {
        n.processReadies(now);
      }
    }
    for (SimNode n : members) {
      if (n.removed && n.isUp()) {
        n.crash();
      }
    }
  }

  /** The members that are up now; the list is reused, so it is valid until the next call. */
  private List<SimNode> upNodes() {
    up.clear();
    for (SimNode n : members) {
      if (n.isUp()) {
        up.add(n);
      }
    }
    return up;
  }

  private SimNode leader() {
    SimNode best = null;
    for (SimNode n : members) {
      if (n.isUp() && n.role == Role.LEADER && (best == null || n.term > best.term)) {
        best = n;
      }
    }
    return best;
  }

  private void at(long delay, Runnable action) {
    schedule.add(new Scheduled(now + delay, scheduleOrder++, action));
  }

  // ---- faults

  private void injectFaults() {
    if (random.nextDouble() < options.crashRate()) {
      crashSomeone();
    }
    if (random.nextDouble() < options.partitionRate()) {
      partition();
    }
    if (random.nextDouble() < options.confChangeRate()) {
      changeMembership();
    }
    if (random.nextDouble() < options.transferRate()) {
      transferLeadership();
    }
    if (chaos.nextDouble() < options.clockStallRate()) {
      stallClock();
    }
    if (options.streamResetRate() > 0 && streams.nextDouble() < options.streamResetRate()) {
      resetStream();
    }
  }

  /**
   * One member's stream to another fails (a connection reset, a peer restart), as the transport
   * sees it: it reopens after its backoff, 50 ms to 1 s (half a tick to ten ticks).
   */
  private void resetStream() {
    SimNode from = members[streams.nextInt(members.length)];
    SimNode to = members[streams.nextInt(members.length)];
    if (from != to) {
      long downSteps = options.stepsPerTick() / 2 + streams.nextInt(10 * options.stepsPerTick());
      trace("stream " + from.id + " -> " + to.id + " reset, reopened in " + downSteps + " steps");
      network.resetStream(now, from.id, to.id, downSteps);
    }
  }

  /**
   * The schedule of the paper's Figure 8: a new leader's first entries reach only some members,
   * then it crashes; repeated, leaders of successive terms leave different entries on minorities.
   */
  void onLeaderElected(SimNode leader) {
    if (now >= options.safetySteps() || chaos.nextDouble() >= options.leaderChurn()) {
      return;
    }
    List<Long> ids = new ArrayList<>(nodes.keySet());
    for (long other : ids) {
      if (other != leader.id && chaos.nextBoolean()) {
        network.cut(leader.id, other);
      }
    }
    // Half the time it dies right after its commit index moves, before it sends anything more:
    // a leader that commits entries of earlier terms then leaves them on a bare majority.
    boolean atCommit = chaos.nextBoolean();
    leader.crashAfterNextCommit = atCommit;
    trace("churn: leader " + leader.id + " reaches only some members, then crashes"
        + (atCommit ? " when it commits" : ""));
    at(atCommit ? 40 + chaos.nextInt(200) : 1 + chaos.nextInt(40), () -> {
      if (leader.isUp()) {
        leader.crash();
        crashes++;
      }
      network.rejoin(leader.id, ids);
      at(20 + chaos.nextInt(200), () -> restart(leader));
    });
  }

  /** One member's clock stops for a while (a long GC pause, a starved process). */
  private void stallClock() {
    List<SimNode> up = upNodes();
    if (up.isEmpty()) {
      return;
    }
    SimNode n = up.get(chaos.nextInt(up.size()));
    n.nextTickAt = now + 100 + chaos.nextInt(1500);
    trace("clock of " + n.id + " stalls until " + n.nextTickAt);
  }

  private void crashSomeone() {
    List<SimNode> up = upNodes();
    if (up.isEmpty()) {
      return;
    }
    SimNode victim = up.get(random.nextInt(up.size()));
    crashes++;
    if (random.nextBoolean()) {
      victim.crashBeforeNextPersist = true; // dies after sending, before fsyncing what it must
    } else {
      trace("crash of " + victim.id);
      victim.crash();
    }
    at(50 + random.nextInt(600), () -> restart(victim));
  }

  private void restart(SimNode n) {
    if (n.removed) {
      return;
    }
    if (n.isUp() && !n.crashBeforeNextPersist) {
      return;
    }
    if (n.isUp()) {
      n.crash();
    }
    trace("restart of " + n.id);
    n.start(config(n.id));
  }

  private void partition() {
    List<Long> ids = new ArrayList<>(nodes.keySet());
    switch (random.nextInt(5)) {
      case 0 -> {
        trace("heal");
        network.healAll();
      }
      case 1 -> { // symmetric split into two sides
        network.healAll();
        Set<Long> side = new HashSet<>();
        for (long id : ids) {
          if (random.nextBoolean()) {
            side.add(id);
          }
        }
        trace("partition " + side + " | rest");
        for (long a : side) {
          for (long b : ids) {
            if (!side.contains(b)) {
              network.cut(a, b);
              network.cut(b, a);
            }
          }
        }
      }
      case 2 -> { // asymmetric: some links work in one direction only
        for (int i = 0; i < 1 + random.nextInt(3); i++) {
          long a = ids.get(random.nextInt(ids.size()));
          long b = ids.get(random.nextInt(ids.size()));
          trace("cut " + a + " -> " + b);
          network.cut(a, b);
        }
      }
      case 3 -> { // isolate one member, for a while
        long a = ids.get(random.nextInt(ids.size()));
        trace("isolate " + a);
        network.isolate(a, ids);
        at(100 + random.nextInt(800), () -> network.rejoin(a, ids));
      }
      default -> swizzleClog(ids);
    }
  }

  /** FoundationDB's swizzle-clogging: clog members one by one, then unclog in random order. */
  private void swizzleClog(List<Long> ids) {
    List<Long> chosen = new ArrayList<>();
    for (long id : ids) {
      if (random.nextBoolean()) {
        chosen.add(id);
      }
    }
    trace("swizzle-clog " + chosen);
    long delay = 0;
    for (long id : chosen) {
      delay += 10 + random.nextInt(100);
      at(delay, () -> network.isolate(id, ids));
    }
    List<Long> unclog = new ArrayList<>(chosen);
    for (int i = unclog.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      Long t = unclog.get(i);
      unclog.set(i, unclog.get(j));
      unclog.set(j, t);
    }
    for (long id : unclog) {
      delay += 10 + random.nextInt(100);
      at(delay, () -> network.rejoin(id, ids));
    }
  }

  private void changeMembership() {
    SimNode leader = leader();
    if (leader == null) {
      return;
    }
    ConfState cs = leader.confState();
    List<Long> voters = cs.voters();
    ConfChange cc;
    if (!cs.learners().isEmpty()) {
      cc = new ConfChange(ConfChangeType.ADD_NODE, cs.learners().get(0)); // promote
    } else if (voters.size() < options.nodes() + 1 && nextNodeId <= options.nodes() + 6
        && random.nextBoolean()) {
      cc = new ConfChange(ConfChangeType.ADD_LEARNER_NODE, nextNodeId);
    } else if (voters.size() > Math.max(2, options.nodes() - 1)) {
      cc = new ConfChange(ConfChangeType.REMOVE_NODE, removalCandidate(voters));
    } else {
      return;
    }
    try {
      leader.core.proposeConfChange(cc);
    } catch (ProposalDroppedException pending) {
      return;
    }
    confChanges++;
    trace("propose " + cc.type() + " " + cc.nodeId() + " at leader " + leader.id);
    if (cc.type() == ConfChangeType.ADD_LEARNER_NODE) {
      startNewNode(nextNodeId++, new StableLog()); // the operator starts the new member
    }
  }

  /** A voter that is down when there is one, half the time: removing members while they are down. */
  private long removalCandidate(List<Long> voters) {
    if (options.removeDownMembers() && chaos.nextBoolean()) {
      for (long id : voters) {
        SimNode n = nodes.get(id);
        if (n != null && !n.isUp()) {
          return id;
        }
      }
    }
    return voters.get(random.nextInt(voters.size()));
  }

  private void transferLeadership() {
    SimNode leader = leader();
    if (leader == null) {
      return;
    }
    List<Long> voters = leader.confState().voters();
    long target = voters.get(random.nextInt(voters.size()));
    transfers++;
    trace("transfer leadership " + leader.id + " -> " + target);
    leader.core.transferLeader(target);
  }

  // ---- liveness

  /**
   * Heals the network, restarts every crashed member and stops faults; then a leader must emerge
   * and commit a new entry on every live member of its configuration within the budget.
   */
  private void checkLiveness() {
    schedule.clear();
    network.calm();
    workload.issuing = false;
    for (SimNode n : nodes.values()) {
      // Raft's randomized timeouts break ties only between clocks of about the same rate. A
      // stale member that cannot win but ticks faster than the only member that can (seed
      // 123475888, pre-vote off) reaches every new term first and votes for itself there, for
      // ever; etcd-io/raft does the same. Drift and stalls are faults of the safety phase,
      // healed here.
      n.tickPeriod = options.stepsPerTick();
      n.nextTickAt = Math.min(n.nextTickAt, now + n.tickPeriod);
      n.crashAfterNextCommit = false;
    }
    for (SimNode n : nodes.values()) {
      if (!n.removed && (!n.isUp() || n.crashBeforeNextPersist)) {
        restart(n);
      }
    }
    trace("liveness phase");
    long deadline = now + options.livenessSteps();
    while (now < deadline) {
      step(false);
      SimNode leader = leader();
      if (leader == null) {
        continue;
      }
      if (markerRequestId == -1 || (now % 500 == 0 && !markerAppliedOn.contains(leader.id))) {
        long requestId = workload.newRequestId();
        try {
          leader.core.propose(SimCommand.marker(requestId).encode());
          markerRequestId = requestId;
          markerIndex = leader.core.status().lastIndex();
          markerAppliedOn.clear();
        } catch (ProposalDroppedException notNow) {
          continue;
        }
      }
      if (markerAppliedEverywhere(leader)) {
        return;
      }
    }
    for (SimNode n : nodes.values()) {
      trace("status " + n.id + (n.isUp() ? " " + n.core.status() : " down"));
    }
    SimNode leader = leader();
    throw new SafetyViolation("liveness: no progress within " + options.livenessSteps()
        + " steps after healing (leader " + (leader == null ? "none" : leader.id) + ", marker on "
        + markerAppliedOn + ")");
  }

  /**
   * The marker's entry was applied by someone (so it is committed at markerIndex) and every
   * member has applied that far (perhaps through a snapshot).
   */
  private boolean markerAppliedEverywhere(SimNode leader) {
    if (markerAppliedOn.isEmpty()) {
      return false;
    }
    ConfState cs = leader.confState();
    List<Long> members = new ArrayList<>(cs.voters());
    members.addAll(cs.learners());
    for (long id : members) {
      SimNode n = nodes.get(id);
      if (n != null && !n.removed && n.applied() < markerIndex) {
        return false;
      }
    }
    return true;
  }
}
