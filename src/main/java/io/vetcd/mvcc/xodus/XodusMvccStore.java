package io.vetcd.mvcc.xodus;

import com.google.protobuf.ByteString;
import io.vetcd.errors.EtcdError;
import io.vetcd.errors.EtcdException;
import io.vetcd.mvcc.ApplyResult;
import io.vetcd.mvcc.CommittedEntry;
import io.vetcd.mvcc.KvApplier;
import io.vetcd.mvcc.KvHash;
import io.vetcd.mvcc.Lease;
import io.vetcd.mvcc.MvccStore;
import io.vetcd.mvcc.RangeExecutor;
import io.vetcd.mvcc.StoreImage;
import io.vetcd.proto.etcdserverpb.RangeRequest;
import io.vetcd.proto.etcdserverpb.RangeResponse;
import io.vetcd.proto.mvccpb.Event;
import io.vetcd.proto.vetcdpb.Membership;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import jetbrains.exodus.env.Environment;
import jetbrains.exodus.env.EnvironmentConfig;
import jetbrains.exodus.env.EnvironmentImpl;
import jetbrains.exodus.env.Environments;
import jetbrains.exodus.env.Transaction;

/**
 * {@link MvccStore} on a Xodus environment, with no in-memory index: a range at revision R seeks
 * each key's newest version at or below R in the key store (see {@link KeyCodec}).
 *
 * <p>Durability: commits are written to the OS but not fsynced (Xodus' default, durableWrite
 * off). The Raft WAL fsyncs every entry before it is acknowledged and the applied index is stored
 * with the data, so after a crash the entries above the stored applied index are applied again
 * from the WAL; this is etcd's approach too.
 */
public final class XodusMvccStore implements MvccStore {
  /**
   * Xodus' log cache defaults to half the heap, which the JVM sizes from the machine: a fixed
   * size instead (reads beyond it come from the OS page cache, as etcd's mmap reads do). The
   * operator may set another with -Dexodus.memoryUsage=BYTES, which Xodus reads itself.
   */
  private static final long DEFAULT_CACHE_BYTES = 64L << 20;
  /**
   * Entries per B-tree page (Xodus' default is 128). A commit writes every page it changed anew,
   * and an apply batch appends to the last page of the change log, so smaller pages are less
   * rewritten per batch. On a 3-member cluster, 32 took the members' CPU per put from a median of
   * 295 to 254 us under 50 clients' puts (5 runs each), and from 175-237 to 143-144 us under 500
   * (2 runs each). Pages of any size stay readable.
   */
  private static final int DEFAULT_TREE_PAGE_SIZE = 32;

  private final Path dir;
  /** Where received images wait to be installed (see {@link #install}). */
  private final Path snapDir;
  /** Reads hold it shared; {@link #install} holds it alone while it swaps the environment. */
  private final ReadWriteLock swapping = new ReentrantReadWriteLock();
  private volatile Opened opened;
  /** The apply loop's alone: it applies, installs and compacts. */
  private final LatestVersions latestVersions = new LatestVersions(LatestVersions.DEFAULT_CAPACITY);
  /** Every granted lease, as committed: a copy of the lease store that reads need not open a
   *  transaction for. Written by the apply thread after each commit. */
  private volatile Map<Long, Lease> leases;
  // Written by the apply thread after each commit; read by any thread for headers and getters.
  private volatile long appliedIndex;
  private volatile long currentRevision;
  private volatile long compactedRevision;
  private volatile Membership membership;
  private long compactCursorMain;

  /** The environment and its stores; replaced as a whole when an image is installed. */
  private record Opened(Environment env, XodusStores stores, MembersStores membersStores,
      Compactor compactor) {
    static Opened at(Path dir) {
      Environment env = Environments.newInstance(dir.toFile(), environmentConfig());
      XodusStores stores = XodusStores.open(env);
      return new Opened(env, stores, MembersStores.open(env), new Compactor(stores));
    }
  }

  /** A store with no snapshot to finish installing (tests, tools): images wait in dir/../snap. */
  public XodusMvccStore(Path dir) {
    this(dir, dir.resolveSibling("snap"), 0);
  }

  /**
   * @param snapDir where the peer transport leaves received images ({@link StoreImage#fileName})
   * @param walSnapshotIndex the index of the WAL's last snapshot marker: an image received for it
   *     and not yet swapped in when the member stopped is swapped in now (see {@link #install})
   */
  public XodusMvccStore(Path dir, Path snapDir, long walSnapshotIndex) {
    this.dir = dir;
    this.snapDir = snapDir;
    ImageInstall.recover(dir, snapDir, walSnapshotIndex);
    this.opened = Opened.at(dir);
    load();
  }

  /** Reads the cached fields from the environment just opened. */
  private void load() {
    Opened o = opened;
    Transaction txn = o.env().beginReadonlyTransaction();
    try {
      appliedIndex = Meta.APPLIED_INDEX.read(o.stores().meta(), txn);
      currentRevision = Meta.CURRENT_REVISION.read(o.stores().meta(), txn);
      compactedRevision = Meta.COMPACTED_REVISION.read(o.stores().meta(), txn);
      compactCursorMain = Meta.COMPACT_CURSOR_MAIN.read(o.stores().meta(), txn);
      membership = o.membersStores().read(txn);
      Map<Long, Lease> granted = new ConcurrentHashMap<>();
      new XodusLeaseView(txn, o.stores()).forEach(lease -> granted.put(lease.id(), lease));
      leases = granted;
    } finally {
      txn.abort();
    }
  }

  /** A read-only transaction on the current environment, never across an install. */
  private <T> T read(BiFunction<Opened, Transaction, T> body) {
    swapping.readLock().lock();
    try {
      Opened o = opened;
      Transaction txn = o.env().beginReadonlyTransaction();
      try {
        return body.apply(o, txn);
      } finally {
        txn.abort();
      }
    } finally {
      swapping.readLock().unlock();
    }
  }

  private static EnvironmentConfig environmentConfig() {
    EnvironmentConfig config = new EnvironmentConfig().setEnvCloseForcedly(true);
    if (System.getProperty(EnvironmentConfig.MEMORY_USAGE) == null) {
      config.setMemoryUsage(DEFAULT_CACHE_BYTES);
    }
    if (System.getProperty(EnvironmentConfig.TREE_MAX_PAGE_SIZE) == null) {
      config.setTreeMaxPageSize(DEFAULT_TREE_PAGE_SIZE);
    }
    return config;
  }

  @Override
  public long appliedIndex() {
    return appliedIndex;
  }

  @Override
  public long currentRevision() {
    return currentRevision;
  }

  @Override
  public long compactedRevision() {
    return compactedRevision;
  }

  @Override
  public Membership membership() {
    return membership;
  }

  @Override
  public List<ApplyResult> apply(List<CommittedEntry> entries, List<Event> changes) {
    List<ApplyResult> results = new ArrayList<>();
    Opened o = opened;
    XodusStores stores = o.stores();
    Transaction txn = o.env().beginExclusiveTransaction();
    try {
      XodusLeaseView leaseView = new XodusLeaseView(txn, stores);
      LatestVersions.Batch latest = latestVersions.batch();
      List<Event> written = new ArrayList<>();
      KvApplier applier = new KvApplier(
          XodusKvView.writing(txn, stores, currentRevision, latest, written),
          leaseView, currentRevision, compactedRevision);
      long applied = appliedIndex;
      Membership members = null;
      for (CommittedEntry entry : entries) {
        if (entry.index() <= applied) {
          continue;
        }
        applied = entry.index();
        if (entry.refusal() != null) {
          results.add(ApplyResult.failed(entry.request().getId(), entry.refusal()));
        } else if (entry.membership() != null) {
          members = entry.membership();
          results.add(ApplyResult.ok(entry.request().getId(), members));
        } else if (entry.request() != null) {
          results.add(applyOne(applier, entry));
        }
      }
      if (applied == appliedIndex) {
        txn.abort();
        return results;
      }
      Meta.APPLIED_INDEX.write(stores.meta(), txn, applied);
      Meta.CURRENT_REVISION.write(stores.meta(), txn, applier.currentRevision());
      Meta.COMPACTED_REVISION.write(stores.meta(), txn, applier.compactedRevision());
      if (applier.compacted()) {
        o.compactor().restart(txn);
      }
      if (members != null) {
        o.membersStores().write(txn, members);
      }
      Map<Long, Lease> changedLeases = leaseView.changed();
      commit(txn);
      latest.committed();
      changes.addAll(written);
      if (members != null) {
        membership = members;
      }
      appliedIndex = applied;
      currentRevision = applier.currentRevision();
      compactedRevision = applier.compactedRevision();
      if (applier.compacted()) {
        compactCursorMain = 0;
      }
      refreshLeases(changedLeases);
      return results;
    } finally {
      if (!txn.isFinished()) {
        txn.abort();
      }
    }
  }

  /** Copies the leases the batch changed into the cache (after the commit: readers see only
   *  committed leases); a null value is a revoked lease. */
  private void refreshLeases(Map<Long, Lease> changed) {
    changed.forEach((id, lease) -> {
      if (lease == null) {
        leases.remove(id);
      } else {
        leases.put(id, lease);
      }
    });
  }

  @Override
  public Lease lease(long leaseId) {
    return leases.get(leaseId);
  }

  @Override
  public Collection<Lease> leases() {
    return List.copyOf(leases.values());
  }

  @Override
  public List<ByteString> leaseKeys(long leaseId) {
    return read((o, txn) -> new XodusLeaseView(txn, o.stores()).keys(leaseId));
  }

  private static ApplyResult applyOne(KvApplier applier, CommittedEntry entry) {
    long requestId = entry.request().getId();
    try {
      return ApplyResult.ok(requestId, applier.apply(entry.request()));
    } catch (EtcdException e) {
      return ApplyResult.failed(requestId, e.error());
    }
  }

  @Override
  public RangeResponse range(RangeRequest request) {
    // The revisions come from the same snapshot as the data, not from the cached fields,
    // which a concurrent apply may have moved on.
    return read((o, txn) -> RangeExecutor.execute(XodusKvView.reading(txn, o.stores()),
        Meta.CURRENT_REVISION.read(o.stores().meta(), txn),
        Meta.COMPACTED_REVISION.read(o.stores().meta(), txn),
        request));
  }

  @Override
  public List<Event> changes(long fromRevision, long toRevision, int maxEvents) {
    return read((o, txn) -> {
      if (fromRevision < Meta.COMPACTED_REVISION.read(o.stores().meta(), txn)) {
        throw EtcdError.COMPACTED.exception();
      }
      return new ChangeLogReader(txn, o.stores()).read(fromRevision, toRevision, maxEvents);
    });
  }

  @Override
  public KvHash hashKv(long revision) {
    return read((o, txn) -> {
      long current = Meta.CURRENT_REVISION.read(o.stores().meta(), txn);
      long compacted = Meta.COMPACTED_REVISION.read(o.stores().meta(), txn);
      if (revision > 0 && revision <= compacted) {
        throw EtcdError.COMPACTED.exception();
      }
      if (revision > current) {
        throw EtcdError.FUTURE_REV.exception();
      }
      long at = revision == 0 ? current : revision;
      // etcd's store starts with its compacted revision at -1, and HashKV shows it.
      return new KvHash(new StoreHash(txn, o.stores()).at(at, compacted), current,
          compacted == 0 ? -1 : compacted);
    });
  }

  @Override
  public boolean compactStep(int maxKeys) {
    if (maxKeys < 1) {
      throw new IllegalArgumentException("maxKeys must be positive: " + maxKeys);
    }
    if (!Compactor.pending(compactCursorMain, compactedRevision)) {
      return false;
    }
    Opened o = opened;
    Transaction txn = o.env().beginExclusiveTransaction();
    try {
      boolean more = o.compactor().step(txn, compactedRevision, maxKeys);
      long cursorMain = Meta.COMPACT_CURSOR_MAIN.read(o.stores().meta(), txn);
      commit(txn);
      compactCursorMain = cursorMain;
      return more;
    } finally {
      if (!txn.isFinished()) {
        txn.abort();
      }
    }
  }

  @Override
  public long sizeBytes() {
    swapping.readLock().lock(); // the directory is briefly absent while an image is swapped in
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".xd"))
          .mapToLong(f -> f.toFile().length())
          .sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      swapping.readLock().unlock();
    }
  }

  /** Versions in the key store and entries in the change log; tests check compaction with it. */
  long[] storedEntryCounts() {
    return read((o, txn) ->
        new long[] {o.stores().keys().count(txn), o.stores().revisions().count(txn)});
  }

  @Override
  public void sync() {
    // flushAndSync is not on the Environment interface; every environment Xodus creates has it.
    ((EnvironmentImpl) opened.env()).flushAndSync();
  }

  @Override
  public StoreImage image() {
    return XodusImage.take(opened.env(), appliedIndex, membership);
  }

  /**
   * Unpacks the received image into a directory beside the store, then swaps it in for the
   * store's directory ({@link ImageInstall}); the caller has already written the WAL's snapshot
   * marker for {@code index}, so a crash from here on finishes the swap at the next start.
   */
  @Override
  public void install(long index) {
    Path unpacked = ImageInstall.unpack(snapDir, index);
    swapping.writeLock().lock();
    try {
      opened.env().close();
      latestVersions.clear();
      ImageInstall.swapIn(dir, unpacked);
      opened = Opened.at(dir);
      load();
    } finally {
      swapping.writeLock().unlock();
    }
    if (appliedIndex != index) {
      throw new IllegalStateException("the image installed for index " + index
          + " holds applied index " + appliedIndex);
    }
    ImageInstall.discard(snapDir, index);
  }

  @Override
  public void close() {
    opened.env().close();
  }

  private static void commit(Transaction txn) {
    // Only the apply thread writes, so an exclusive transaction cannot lose a conflict.
    if (!txn.commit()) {
      throw new IllegalStateException("Xodus refused to commit an exclusive transaction");
    }
  }
}
