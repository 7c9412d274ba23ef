package io.vetcd;

import io.vertx.core.Context;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.VertxOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps the peer transport on an event loop that no other verticle of the member uses (issue 8:
 * peer and client traffic never share an event loop that one can starve), and checks that the
 * Raft driver, which has a worker thread of its own ({@code RaftVerticle.deployment()}), shares it
 * with none either. A flood on the client port then queues on the client API's loops, while
 * heartbeats and appends go out on time.
 *
 * <p>Why a sized pool and an order rather than pinning each verticle to a loop: Vert.x 5 gives
 * every new context the next loop of its pool in turn, and offers no public way to choose one
 * ({@code ContextBuilder.withEventLoop} is in {@code io.vertx.core.internal}, and a verticle
 * started on a context built by hand is outside Vert.x's deployment manager: its undeploy at
 * close and its rollback on a failed start would be ours to write). So the member deploys the
 * reserved two after the watch hub and the lessor and before the client API, and the pool has
 * more loops than the contexts made from the watch hub's deployment to the last client API
 * instance's: within that run no two contexts share a loop, and the contexts made later (the
 * compactor's, the client API's HTTP clients') wrap around to the loops before the Raft
 * driver's. A loop that is never used costs nothing: Netty starts its thread on its first task.
 * What could still break this (a verticle or an HTTP client added in that run without growing
 * the pool, contexts Vert.x makes for threads of its own meanwhile) is caught by {@link #check()}
 * when the member starts, which fails it rather than run with a shared loop.
 */
final class EventLoopPlan {
  static final String RAFT = "raft";
  static final String PEER = "peer";
  static final String CLIENT_API = "client-api";
  /** The verticles that must have a thread to themselves. */
  private static final Set<String> RESERVED = Set.of(RAFT, PEER);
  /**
   * The contexts Vert.x makes, one after the other, from the watch hub's deployment to the client
   * API's: the watch hub, the lessor, the Raft driver (a worker context, given a loop all the
   * same), the peer transport, and the transport's two
   * HTTP clients (Vert.x 5 gives every HTTP client a context of its own for its pool cleaner);
   * then one per client API instance.
   */
  private static final int CONTEXTS_BEFORE_CLIENT_API = 6;
  /** Room for contexts Vert.x makes meanwhile (a thread's first use of Vert.x, say). */
  private static final int SPARE_LOOPS = 2;

  /** The event loop each deployed instance started on, by role, in deployment order. */
  private final Map<String, List<String>> loops = new LinkedHashMap<>();

  /** Vert.x's options for a member with {@code clientApiInstances} client API instances. */
  static VertxOptions vertxOptions(int clientApiInstances) {
    return new VertxOptions().setEventLoopPoolSize(Math.max(
        VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE,
        CONTEXTS_BEFORE_CLIENT_API + clientApiInstances + SPARE_LOOPS));
  }

  /**
   * {@code verticle}, noting the loop it starts on under {@code role}: Vert.x calls a deployable's
   * deploy on its context, so on its event loop for an event-loop verticle.
   */
  Deployable watched(String role, Deployable verticle) {
    return new Watched(role, verticle);
  }

  /**
   * Fails if a reserved verticle shares its event loop with any other; else returns the plan as
   * one line for the log ({@code raft=[vert.x-eventloop-thread-4] peer=[...] client-api=[...]}).
   */
  String check() {
    synchronized (loops) {
      for (String reserved : RESERVED) {
        for (String loop : loops.getOrDefault(reserved, List.of())) {
          List<String> sharing = loops.entrySet().stream()
              .filter(e -> !e.getKey().equals(reserved) && e.getValue().contains(loop))
              .map(Map.Entry::getKey).toList();
          if (!sharing.isEmpty()) {
            throw new IllegalStateException("the " + reserved + " event loop " + loop
                + " is shared with " + sharing + " (" + describe() + ")");
          }
        }
      }
      return describe();
    }
  }

  private final class Watched implements Deployable {
    private final String role;
    private final Deployable verticle;

    Watched(String role, Deployable verticle) {
      this.role = role;
      this.verticle = verticle;
    }

    @Override
    public Future<?> deploy(Context context) throws Exception {
      synchronized (loops) {
        loops.computeIfAbsent(role, r -> new ArrayList<>()).add(Thread.currentThread().getName());
      }
      return verticle.deploy(context);
    }

    @Override
    public Future<?> undeploy(Context context) throws Exception {
      return verticle.undeploy(context);
    }
  }

  private String describe() {
    return loops.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(" "));
  }
}
