package io.vetcd.consensus;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a member learns it was removed and stops: by applying its own removal, or from a peer that
 * answers its stream with 410 Gone (it missed that commit). Either way it exits with etcd's
 * message, on a thread of its own so that the shutdown hook can stop the event loops.
 */
public final class RemovedMember {
  private static final Logger LOG = LoggerFactory.getLogger(RemovedMember.class);

  private RemovedMember() {}

  public static void exit() {
    LOG.error("the member has been permanently removed from the cluster");
    new Thread(() -> System.exit(1), "vetcd-removed").start();
  }
}
