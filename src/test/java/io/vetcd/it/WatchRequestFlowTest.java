package io.vetcd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vetcd.proto.etcdserverpb.WatchResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Watch client that keeps sending requests and never reads the answers costs the member a
 * bounded amount: as etcd's recvLoop blocks on its full control channel, the member stops reading
 * the stream, so HTTP/2 flow control holds the client back; other clients go on; once the client
 * reads again, every request is answered.
 */
@Timeout(180)
class WatchRequestFlowTest {
  /** Far more than the answers the member may hold (16) plus an HTTP/2 window of requests. */
  private static final int REQUESTS_MAX = 100_000;
  private static final int BURST = 500;
  private static final long HELD_MILLIS = 3000;

  @Test
  void progressRequestsThatAreNeverReadStopBeingRead() throws Exception {
    try (ServerProcess server = ServerProcess.startUnderTest("watch-request-flow");
        WatchCall call = new WatchCall(server.clientPort())) {
      call.created(WatchCall.watch("a"));
      call.pause();
      int sent = 0;
      boolean held = false;
      while (!held && sent < REQUESTS_MAX) {
        for (int i = 0; i < BURST; i++) {
          call.requestProgress();
        }
        sent += BURST;
        held = staysFull(call);
      }
      assertTrue(held, "the member read all " + sent + " requests of a client that never reads");

      Etcdctl etcdctl = new Etcdctl(server.endpoint());
      etcdctl.ok("put", "other", "1");
      assertEquals("other\n1\n", etcdctl.ok("get", "other"));

      call.resume();
      for (int answered = 0; answered < sent; answered++) {
        WatchResponse progress = call.next();
        assertEquals(-1, progress.getWatchId(), progress.toString());
      }
    }
  }

  /** Whether the client's queue of unsent requests stays full for HELD_MILLIS. */
  private static boolean staysFull(WatchCall call) throws InterruptedException {
    long deadline = System.currentTimeMillis() + HELD_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      if (!call.writeQueueFull()) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }
}
