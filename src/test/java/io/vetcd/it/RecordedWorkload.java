package io.vetcd.it;

import io.vertx.grpc.common.GrpcStatus;
import io.vetcd.proto.etcdserverpb.EtcdKVGrpcClient;
import io.vetcd.proto.etcdserverpb.PutResponse;
import io.vetcd.proto.etcdserverpb.RangeRequest;
import io.vetcd.proto.etcdserverpb.RangeResponse;
import io.vetcd.sim.Operation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Clients on their own threads, each through one member, that put unique values and read a few
 * keys at random, one request at a time, and record every request as an {@link Operation} with
 * its call and return times on this JVM's monotonic clock, for the linearizability checker. A put
 * that fails or gets no answer may still have taken effect: it is recorded with an unknown
 * outcome. A read that fails changes nothing and is left out.
 */
final class RecordedWorkload {
  /** A put the cluster acknowledged, at the revision its response carried. */
  record Ack(String key, String value, long revision) {}

  /** One client: its number in the history, the member it talks to, how it reads. */
  record Client(int number, EtcdGrpc member, boolean serializableReads) {}

  /** After an error, a client waits this long: a dead or cut-off member answers at once. */
  private static final long BACKOFF_MS = 50;

  private final String prefix;
  private final int keys;
  private final List<Operation> history = Collections.synchronizedList(new ArrayList<>());
  private final List<Ack> acks = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Integer> errors = Collections.synchronizedMap(new TreeMap<>());
  private final AtomicBoolean running = new AtomicBoolean();
  private final List<Thread> threads = new ArrayList<>();

  RecordedWorkload(String prefix, int keys) {
    this.prefix = prefix;
    this.keys = keys;
  }

  List<String> keys() {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < keys; i++) {
      all.add(prefix + i);
    }
    return all;
  }

  void start(List<Client> clients) {
    running.set(true);
    for (Client client : clients) {
      Thread thread = new Thread(() -> run(client), "client-" + client.number());
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
  }

  /** Stops the clients and waits for their last requests (each bounded by EtcdGrpc's timeout). */
  void stop() throws InterruptedException {
    running.set(false);
    for (Thread thread : threads) {
      thread.join();
    }
  }

  private void run(Client client) {
    Random random = new Random(client.number());
    int sequence = 0;
    List<String> all = keys();
    while (running.get()) {
      String key = all.get(random.nextInt(all.size()));
      boolean answered = random.nextBoolean()
          ? put(client, key, "c" + client.number() + "-" + ++sequence)
          : get(client, key);
      if (!answered) {
        try {
          Thread.sleep(BACKOFF_MS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  boolean put(Client client, String key, String value) {
    long invoked = System.nanoTime();
    GrpcReply<PutResponse> reply = call(() -> client.member().put(key, value));
    long returned = System.nanoTime();
    boolean ok = reply.status() == GrpcStatus.OK;
    history.add(Operation.of(client.number(), Operation.Kind.PUT, key, value, invoked,
        ok ? returned : Operation.NEVER));
    if (ok) {
      acks.add(new Ack(key, value, reply.response().getHeader().getRevision()));
    } else {
      errors.merge("put: " + reply.message(), 1, Integer::sum);
    }
    return ok;
  }

  boolean get(Client client, String key) {
    long invoked = System.nanoTime();
    GrpcReply<RangeResponse> reply = call(() -> client.member().call(EtcdKVGrpcClient.Range,
        RangeRequest.newBuilder().setKey(EtcdGrpc.bytes(key))
            .setSerializable(client.serializableReads()).build()));
    long returned = System.nanoTime();
    if (reply.status() != GrpcStatus.OK) {
      errors.merge("get: " + reply.message(), 1, Integer::sum);
      return false;
    }
    RangeResponse range = reply.response();
    String value = range.getKvsCount() == 0 ? null
        : range.getKvs(0).getValue().toString(StandardCharsets.UTF_8);
    history.add(Operation.of(client.number(), Operation.Kind.GET, key, value, invoked, returned));
    return true;
  }

  /** A call whose connection failed (the member is down) is an error reply like any other. */
  private static <T> GrpcReply<T> call(Supplier<GrpcReply<T>> call) {
    try {
      return call.get();
    } catch (IllegalStateException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return new GrpcReply<>(null, "no answer (" + cause.getClass().getSimpleName() + ")", null);
    }
  }

  List<Operation> history() {
    return List.copyOf(history);
  }

  List<Ack> acknowledged() {
    return List.copyOf(acks);
  }

  /** How many requests failed, by operation and message. */
  Map<String, Integer> errors() {
    return Map.copyOf(errors);
  }
}
