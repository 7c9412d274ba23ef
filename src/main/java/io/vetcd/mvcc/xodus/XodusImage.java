package io.vetcd.mvcc.xodus;

import io.vetcd.mvcc.StoreImage;
import io.vetcd.proto.vetcdpb.Membership;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import jetbrains.exodus.backup.BackupStrategy;
import jetbrains.exodus.backup.VirtualFileDescriptor;
import jetbrains.exodus.env.Environment;

/**
 * An image of the environment by Xodus' own hot backup: {@code beforeBackup} flushes the log and
 * stops Xodus' file cleaner until {@code afterBackup}, and the backup lists each file with its
 * size at that moment; the log is append-only, so those first bytes of each file stay exactly as
 * they were while the store goes on writing after them.
 * Taken on the apply thread between two batches, the image is the store after its applied index.
 *
 * <p>The bytes are the backup's files one after the other ({@link ImageArchive}'s layout), which a
 * follower unpacks into a directory and opens as its new environment.
 */
final class XodusImage implements StoreImage {
  private static final int COPY_BUFFER_BYTES = 64 * 1024;

  private final BackupStrategy backup;
  private final List<VirtualFileDescriptor> files;
  private final long appliedIndex;
  private final Membership membership;
  private boolean closed;

  private XodusImage(BackupStrategy backup, List<VirtualFileDescriptor> files, long appliedIndex,
      Membership membership) {
    this.backup = backup;
    this.files = files;
    this.appliedIndex = appliedIndex;
    this.membership = membership;
  }

  /** Call on the thread that writes {@code env}, between two transactions. */
  static XodusImage take(Environment env, long appliedIndex, Membership membership) {
    BackupStrategy backup = env.getBackupStrategy();
    try {
      backup.beforeBackup();
      List<VirtualFileDescriptor> files = new ArrayList<>();
      backup.getContents().forEach(files::add);
      return new XodusImage(backup, files, appliedIndex, membership);
    } catch (Exception e) {
      resume(backup);
      throw new IllegalStateException("could not take an image of the store", e);
    }
  }

  @Override
  public long appliedIndex() {
    return appliedIndex;
  }

  @Override
  public Membership membership() {
    return membership;
  }

  @Override
  public void writeTo(ByteSink sink) {
    byte[] buffer = new byte[COPY_BUFFER_BYTES];
    try {
      for (VirtualFileDescriptor file : files) {
        long size = file.getFileSize();
        ImageArchive.writeHeader(sink, file.getName(), size);
        // The file may have grown since: only its first `size` bytes are the image.
        long left = size;
        try (InputStream in = file.getInputStream()) {
          while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
              throw new IllegalStateException("store file " + file.getName() + " ended "
                  + left + " bytes short of its backup size " + size);
            }
            sink.write(buffer, n);
            left -= n;
          }
        }
      }
      ImageArchive.writeEnd(sink);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      resume(backup);
    }
  }

  private static void resume(BackupStrategy backup) {
    try {
      backup.afterBackup();
    } catch (Exception e) {
      throw new IllegalStateException("could not resume the store's file cleaner", e);
    }
  }
}
