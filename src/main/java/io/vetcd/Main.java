package io.vetcd;

import io.vetcd.config.ConfigLoader;
import io.vetcd.config.MemberConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts one member from etcd-style flags, ETCD_* variables and an optional JSON file. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    MemberConfig config = ConfigLoader.loadOrExit(args, System.getenv());
    Logging.configure(config.logLevel());
    Logger log = LoggerFactory.getLogger(Main.class);
    if (!config.ignoredFlags().isEmpty()) {
      log.warn("accepted but not implemented by vetcd: {}", config.ignoredFlags());
    }
    if (config.initialCluster().size() == 1) {
      // A member alone has nobody to talk to: it opens no peer port, so nothing (TLS or not) is
      // served there; the peer URLs and TLS flags are accepted so that etcd's command lines work.
      log.info("single member: no listener on peer urls {} (peer TLS: {})",
          config.listenPeerUrls(), config.peerTls().canServeTls() ? "configured" : "none");
    }
    HeapTuning.apply();
    VetcdMember member = VetcdMember.open(config);
    Runtime.getRuntime().addShutdownHook(new Thread(member::close, "vetcd-shutdown"));
    member.start()
        .onSuccess(v -> {
          log.info("ready to serve client requests name={} client-urls={}",
              config.name(), config.advertiseClientUrls());
          // A full GC blocks its caller for a moment: not on the event loop.
          new Thread(HeapTuning::shrinkNow, "vetcd-heap-shrink").start();
        })
        .onFailure(failure -> {
          log.error("failed to start: {}", failure.toString());
          log.debug("start failure", failure);
          // Not from this event-loop thread: the shutdown hook closes Vert.x, which needs it.
          new Thread(() -> System.exit(1), "vetcd-exit").start();
        });
  }
}
