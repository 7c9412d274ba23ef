package io.vetcd.raft;

/** Lets the simulator build a core with a planted bug; the constructor that takes one is package-private. */
public final class PlantedBugs {
  private PlantedBugs() {}

  public static RaftCore core(RaftConfig config, RaftStorage storage, UnsafeBug bug) {
    return new RaftCore(config, storage, bug);
  }
}
