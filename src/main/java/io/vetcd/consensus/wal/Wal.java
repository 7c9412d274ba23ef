package io.vetcd.consensus.wal;

import io.vetcd.raft.Entry;
import io.vetcd.raft.HardState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The write-ahead log of one member: Raft entries, hard states and snapshot markers in
 * append-only segment files. Every method that writes returns only once its records are fsynced,
 * so the caller may then acknowledge, vote or send.
 *
 * <p>Not thread-safe: one thread (the Raft driver's blocking worker) calls it. Its methods block
 * on disk I/O. After an I/O failure the WAL refuses further writes: what a failed fsync left on
 * disk is unknown, and retrying it could report data as durable that is not. Interrupting the
 * calling thread during a write is such a failure (NIO closes an interrupted channel); reopening
 * the WAL recovers from it.
 */
public final class Wal implements AutoCloseable {
  private static final String LOCK_FILE = "LOCK";

  private final Path dir;
  private final WalOptions options;
  private final FileChannel lockChannel;
  private final Recovered recovered;
  private final byte[] memberMetadata;
  private final RecordBuffer buffer = new RecordBuffer();
  /** Null when segments are not preallocated. */
  private final SpareSegment spare;
  /** Oldest first; the last one is {@link #active}. */
  private final List<SegmentName> segments;
  private FileChannel active;
  private long writeOffset;
  private long lastIndex;
  private HardState hardState;
  private SnapshotMarker snapshot;
  private IOException failure;
  private boolean closed;

  private Wal(Path dir, WalOptions options, FileChannel lockChannel, List<SegmentName> segments,
      Recovered recovered, long lastIndex) {
    this.dir = dir;
    this.options = options;
    this.lockChannel = lockChannel;
    this.segments = new ArrayList<>(segments);
    this.recovered = recovered;
    this.memberMetadata = recovered.metadata();
    this.lastIndex = lastIndex;
    this.hardState = recovered.hardState();
    this.snapshot = recovered.snapshot();
    this.spare = options.preallocate() ? new SpareSegment(dir, options.segmentSizeBytes()) : null;
  }

  /**
   * Opens the WAL in {@code dir}, creating it if there is none, else recovering it: a torn tail
   * left by a crash is cut off, and appending continues after the last whole record.
   *
   * @throws WalCorruptException if a record that may have been acknowledged is damaged or missing
   * @throws IllegalStateException if another process has the WAL open
   */
  public static Wal open(Path dir, WalOptions options) {
    FileChannel lockChannel = null;
    Wal wal = null;
    try {
      Files.createDirectories(dir);
      lockChannel = lock(dir);
      SegmentFiles.deleteUnfinished(dir);
      List<SegmentName> names = SegmentFiles.list(dir);
      if (names.isEmpty()) {
        Recovered empty = new Recovered(
            options.metadata(), HardState.EMPTY, SnapshotMarker.NONE, List.of());
        wal = new Wal(dir, options, lockChannel, names, empty, 0);
        wal.startSegment(new SegmentName(0, 1));
      } else {
        LogReplay replay = new LogReplay();
        SegmentScan lastScan = replayAll(dir, names, replay);
        wal = new Wal(dir, options, lockChannel, names, replay.result(), replay.lastIndex());
        wal.resume(dir.resolve(names.get(names.size() - 1).fileName()), lastScan);
      }
      if (wal.spare != null) {
        wal.spare.prepare();
      }
      return wal;
    } catch (IOException e) {
      closeAfterFailedOpen(wal, lockChannel);
      throw new UncheckedIOException("cannot open WAL in " + dir, e);
    } catch (RuntimeException e) {
      closeAfterFailedOpen(wal, lockChannel);
      throw e;
    }
  }

  /**
   * Whether {@code dir} holds a WAL: a member opens an existing WAL at once, and creates a new
   * one only when it knows the metadata to create it with.
   */
  public static boolean exists(Path dir) {
    try {
      return Files.isDirectory(dir) && !SegmentFiles.list(dir).isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list WAL segments in " + dir, e);
    }
  }

  /** Replays every segment in order and returns the scan of the last one. */
  private static SegmentScan replayAll(Path dir, List<SegmentName> names, LogReplay replay)
      throws IOException {
    SegmentScan scan = null;
    for (int i = 0; i < names.size(); i++) {
      Path file = dir.resolve(names.get(i).fileName());
      scan = SegmentScan.scan(file, SegmentFiles.readFully(file), i == names.size() - 1);
      replay.replaySegment(file, names.get(i), scan);
    }
    return scan;
  }

  /** Continues appending to the last segment, after cutting off a torn tail if it has one. */
  private void resume(Path lastSegment, SegmentScan scan) throws IOException {
    active = SegmentFiles.openForAppend(lastSegment);
    writeOffset = scan.validEnd();
    if (scan.tornTail()) {
      SegmentFiles.cutTail(active, writeOffset, preallocateBytes());
    }
  }

  /** What was on disk when the WAL was opened (empty for a new WAL). */
  public Recovered recovered() {
    return recovered;
  }

  /**
   * Appends the entries, then the hard state, and fsyncs once. Entries must have consecutive
   * indexes; the first may be at or below the last saved index, which replaces the saved suffix
   * from there (Raft's conflict truncation), but must not leave a gap or fall inside the snapshot.
   *
   * @param hardState the new hard state, or null if it did not change
   */
  public void save(HardState hardState, List<Entry> entries) {
    save(hardState, entries, true);
  }

  /**
   * As {@link #save(HardState, List)}, with the fsync only if {@code sync}: Raft needs none when
   * only the commit index moved (etcd's MustSync), since a restart recomputes it from the log.
   */
  public void save(HardState hardState, List<Entry> entries, boolean sync) {
    requireUsable();
    if (hardState == null && entries.isEmpty()) {
      return;
    }
    long bytesMax = requireAppendable(entries);
    rollIfFull();
    if (hardState != null) {
      bytesMax += RecordBuffer.recordBytesMax(Payloads.HARD_STATE_BYTES_MAX);
    }
    buffer.startBatch(bytesMax);
    // Entries first: a torn batch then keeps a prefix of its entries and never a hard state
    // whose commit index points past them.
    for (Entry entry : entries) {
      buffer.appendEntry(entry);
    }
    if (hardState != null) {
      buffer.appendHardState(hardState);
    }
    append(buffer.finishBatch(), sync);
    if (!entries.isEmpty()) {
      lastIndex = entries.get(entries.size() - 1).index();
    }
    if (hardState != null) {
      this.hardState = hardState;
    }
  }

  /**
   * Records that a snapshot now covers the log up to {@code index}; call it once the snapshot
   * itself is durable. Recovery then returns only the entries after it.
   */
  public void saveSnapshotMarker(long index, long term) {
    saveSnapshotMarker(new SnapshotMarker(index, term));
  }

  /** As above, with the cluster's membership at {@code marker.index()}. */
  public void saveSnapshotMarker(SnapshotMarker marker) {
    requireUsable();
    long index = marker.index();
    if (index < snapshot.index()) {
      throw new IllegalArgumentException(
          "snapshot " + index + " is older than the saved snapshot " + snapshot.index());
    }
    rollIfFull();
    buffer.startBatch(RecordBuffer.recordBytesMax(Payloads.snapshotBytesMax(marker)));
    buffer.appendSnapshot(marker);
    append(buffer.finishBatch(), true);
    snapshot = marker;
    lastIndex = Math.max(lastIndex, index);
  }

  /** The index of the last snapshot marker saved or recovered (0: none). */
  public long snapshotIndex() {
    return snapshot.index();
  }

  /**
   * Deletes the oldest segments as long as every entry they hold is below {@code index}. The
   * segment being written is never deleted. {@code index} may not pass the snapshot, since the
   * entries after the snapshot are the only copy of that part of the log.
   */
  public void releaseBefore(long index) {
    requireUsable();
    if (index > snapshot.index() + 1) {
      throw new IllegalArgumentException(
          "cannot release entries up to " + index + " past the snapshot at " + snapshot.index());
    }
    try {
      // A segment's live entries all lie below the next segment's first index, and the next
      // segment's header repeats the latest hard state and snapshot marker.
      while (segments.size() > 1 && segments.get(1).firstIndex() <= index) {
        SegmentFiles.delete(dir, segments.get(0));
        segments.remove(0);
      }
    } catch (IOException e) {
      throw fail(e);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (spare != null) {
      spare.close();
    }
    closeQuietly(active);
    closeQuietly(lockChannel);
  }

  /** Checks the entries can follow the log and returns the most bytes they can encode to. */
  private long requireAppendable(List<Entry> entries) {
    long bytesMax = 0;
    long expectedIndex = -1;
    for (Entry entry : entries) {
      if (expectedIndex >= 0 && entry.index() != expectedIndex) {
        throw new IllegalArgumentException(
            "entry " + entry.index() + " does not follow " + (expectedIndex - 1));
      }
      expectedIndex = entry.index() + 1;
      bytesMax += RecordBuffer.recordBytesMax(Payloads.entryBytesMax(entry));
    }
    if (!entries.isEmpty()) {
      long first = entries.get(0).index();
      if (first <= snapshot.index() || first > lastIndex + 1) {
        throw new IllegalArgumentException("entry " + first + " outside ("
            + snapshot.index() + ", " + (lastIndex + 1) + "]");
      }
    }
    return bytesMax;
  }

  /** Starts the next segment if the current one is full; the header reuses the batch buffer. */
  private void rollIfFull() {
    if (writeOffset < options.segmentSizeBytes()) {
      return;
    }
    try {
      startSegment(segments.get(segments.size() - 1).next(lastIndex + 1));
    } catch (IOException e) {
      throw fail(e);
    }
  }

  /** Writes one batch to the current segment and fsyncs it. */
  private void append(ByteBuffer batch, boolean sync) {
    try {
      int length = batch.remaining();
      SegmentFiles.writeFully(active, batch, writeOffset);
      if (sync) {
        active.force(false);
      }
      writeOffset += length;
    } catch (IOException e) {
      throw fail(e);
    }
  }

  /**
   * Makes {@code name} the segment being written. Its header repeats the member metadata, the
   * snapshot marker and the hard state, so older segments can be deleted without losing them.
   */
  private void startSegment(SegmentName name) throws IOException {
    buffer.startBatch(RecordBuffer.recordBytesMax(Payloads.metadataBytesMax(memberMetadata))
        + RecordBuffer.recordBytesMax(Payloads.snapshotBytesMax(snapshot))
        + RecordBuffer.recordBytesMax(Payloads.HARD_STATE_BYTES_MAX));
    buffer.appendMetadata(new Payloads.SegmentMetadata(
        name.sequence(), name.firstIndex(), memberMetadata));
    if (!snapshot.equals(SnapshotMarker.NONE)) {
      buffer.appendSnapshot(snapshot);
    }
    if (!hardState.equals(HardState.EMPTY)) {
      buffer.appendHardState(hardState);
    }
    ByteBuffer header = buffer.finishBatch();
    int headerBytes = header.remaining();
    Path file = spare == null ? dir.resolve(name.creatingFileName()) : spare.take();
    FileChannel created = SegmentFiles.install(file, dir, name, header);
    closeQuietly(active);
    active = created;
    writeOffset = headerBytes;
    segments.add(name);
    if (spare != null) {
      spare.prepare();
    }
  }

  private long preallocateBytes() {
    return options.preallocate() ? options.segmentSizeBytes() : 0;
  }

  private void requireUsable() {
    if (closed) {
      throw new IllegalStateException("WAL is closed");
    }
    if (failure != null) {
      throw new IllegalStateException("WAL unusable after an I/O failure", failure);
    }
  }

  private UncheckedIOException fail(IOException e) {
    failure = e;
    return new UncheckedIOException("WAL write failed in " + dir, e);
  }

  private static FileChannel lock(Path dir) throws IOException {
    FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw new IllegalStateException("WAL in " + dir + " is open in another process");
      }
      return channel;
    } catch (OverlappingFileLockException e) {
      channel.close();
      throw new IllegalStateException("WAL in " + dir + " is already open", e);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static void closeAfterFailedOpen(Wal wal, FileChannel lockChannel) {
    if (wal != null) {
      wal.close();
    } else {
      closeQuietly(lockChannel);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing depends on a close: every write was fsynced before its call returned.
    }
  }
}
