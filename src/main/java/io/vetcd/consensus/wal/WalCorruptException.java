package io.vetcd.consensus.wal;

import java.nio.file.Path;

/**
 * The WAL holds damage that recovery must not repair: truncating it could drop a record that was
 * fsynced and acknowledged. The member must not start; an operator restores the data directory.
 */
public final class WalCorruptException extends RuntimeException {
  private final Path file;
  private final long offset;

  WalCorruptException(Path file, long offset, String reason) {
    super("WAL corrupt: " + file + " at offset " + offset + ": " + reason);
    this.file = file;
    this.offset = offset;
  }

  public Path file() {
    return file;
  }

  public long offset() {
    return offset;
  }
}
