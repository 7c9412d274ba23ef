package io.vetcd.mvcc;

import io.vetcd.proto.vetcdpb.Membership;

/**
 * A consistent picture of the whole store at one applied index (etcd's backend snapshot), for a
 * member too far behind to catch up from the log. Taken on the apply thread, so that it is exactly
 * the store after entry {@link #appliedIndex()}; written out later on any thread while the store
 * goes on applying. Close it once written: the store keeps what the image needs until then.
 */
public interface StoreImage extends AutoCloseable {

  /** The index of the last Raft entry the image reflects. */
  long appliedIndex();

  /** The cluster's members at {@link #appliedIndex()}. */
  Membership membership();

  /** Hands the image's bytes, in order, to {@code sink}; blocks on disk reads. */
  void writeTo(ByteSink sink);

  @Override
  void close();

  /** Where an image's bytes go (a file, a digest): {@code length} bytes of {@code bytes}. */
  @FunctionalInterface
  interface ByteSink {
    void write(byte[] bytes, int length);
  }

  /**
   * The name of the file a received image for {@code index} is kept under, in the directory the
   * peer transport receives into and the store installs from.
   */
  static String fileName(long index) {
    return String.format("%016x.snap", index);
  }

  /**
   * The name of the partial file of a transfer not finished yet, by the image's SHA-256 (hex), in
   * that same directory. The store never reads it and keeps it across restarts, so that the
   * sender can resume the transfer where it was cut.
   */
  static String partialTransferName(String sha256Hex) {
    return "incoming-" + sha256Hex + ".part";
  }

  /** Whether {@code name} is one {@link #partialTransferName} gives. */
  static boolean isPartialTransfer(String name) {
    return name.startsWith("incoming-") && name.endsWith(".part");
  }
}
