package io.vetcd.mvcc.xodus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.vetcd.errors.EtcdException;
import io.vetcd.mvcc.ApplyResult;
import io.vetcd.mvcc.CommittedEntry;
import io.vetcd.mvcc.RandomRequests;
import io.vetcd.mvcc.RequestValidator;
import io.vetcd.mvcc.SimpleEtcdModel;
import io.vetcd.proto.etcdserverpb.CompactionRequest;
import io.vetcd.proto.etcdserverpb.LeaseGrantRequest;
import io.vetcd.proto.etcdserverpb.RangeRequest;
import io.vetcd.proto.etcdserverpb.TxnRequest;
import io.vetcd.proto.mvccpb.Event;
import io.vetcd.proto.vetcdpb.InternalRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Drives the Xodus store and {@link SimpleEtcdModel} (etcd's semantics written again from
 * scratch, sharing no code with the store's applier) with the same random entries, reads,
 * compaction steps, reopens and replays, and requires identical answers. A failure names its
 * seed and step.
 */
class XodusMvccStoreModelTest {
  private static final int STEPS = 1500;

  @TempDir Path dir;

  private final RequestValidator validator = new RequestValidator();
  private Random random;
  private RandomRequests requests;
  private SimpleEtcdModel model;
  private XodusMvccStore store;
  private final List<CommittedEntry> applied = new ArrayList<>();
  private long nextIndex = 1;
  private long nextRequestId = 1;
  private String where;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void storeAnswersLikeTheModel(long seed) {
    random = new Random(seed);
    requests = new RandomRequests(random);
    model = new SimpleEtcdModel(lease -> lease == RandomRequests.GRANTED_LEASE);
    Path storeDir = dir.resolve("seed-" + seed);
    store = new XodusMvccStore(storeDir);
    try {
      grantLease();
      for (int step = 0; step < STEPS; step++) {
        where = "seed " + seed + " step " + step;
        int kind = random.nextInt(40);
        if (kind < 12) {
          checkRange(requests.range(model.compactedRevision(), model.currentRevision()));
        } else if (kind < 14) {
          checkChanges();
        } else if (kind < 16) {
          store.compactStep(1 + random.nextInt(4));
        } else if (kind == 16) {
          store.close();
          store = new XodusMvccStore(storeDir);
        } else if (kind == 17 && !applied.isEmpty()) {
          replayOldEntries();
        } else {
          applyBatch();
        }
      }
      where = "seed " + seed + " at the end";
      finishCompactionAndCompareContents();
    } finally {
      store.close();
    }
  }

  /** The lease the random puts may name; the model knows it as granted from the start. */
  private void grantLease() {
    CommittedEntry grant = new CommittedEntry(nextIndex++, 1, InternalRequest.newBuilder()
        .setId(nextRequestId++)
        .setLeaseGrant(LeaseGrantRequest.newBuilder().setID(RandomRequests.GRANTED_LEASE).setTTL(60))
        .build());
    assertNull(store.apply(List.of(grant)).get(0).error());
    applied.add(grant);
  }

  private void applyBatch() {
    List<CommittedEntry> batch = new ArrayList<>();
    List<ApplyResult> expected = new ArrayList<>();
    for (int i = 1 + random.nextInt(4); i > 0; i--) {
      InternalRequest request = randomWrite();
      batch.add(new CommittedEntry(nextIndex++, 1, request));
      if (request != null) {
        expected.add(applyToModel(request));
      }
    }
    long revisionBefore = store.currentRevision();
    List<Event> changes = new ArrayList<>();
    assertEquals(expected, store.apply(batch, changes),
        () -> where + " " + batch + "\nmodel: " + model);
    applied.addAll(batch);
    assertEquals(nextIndex - 1, store.appliedIndex(), where);
    assertEquals(model.currentRevision(), store.currentRevision(), where);
    assertEquals(model.events(revisionBefore + 1, model.currentRevision()), changes,
        () -> where + ": the changes handed over by apply");
    assertEquals(model.compactedRevision(), store.compactedRevision(), where);
  }

  /** A request that passed the API checks, or null for an entry without one. */
  private InternalRequest randomWrite() {
    InternalRequest.Builder request = InternalRequest.newBuilder().setId(nextRequestId++);
    int kind = random.nextInt(20);
    if (kind == 0) {
      return null;
    } else if (kind < 8) {
      request.setPut(requests.put());
    } else if (kind < 11) {
      request.setDeleteRange(requests.delete());
    } else if (kind < 19 || random.nextInt(5) > 0) {
      TxnRequest txn = requests.txn(model.compactedRevision(), model.currentRevision(), 2);
      try {
        validator.checkTxn(txn);
      } catch (EtcdException refusedBeforeProposing) {
        return null;
      }
      request.setTxn(txn);
    } else {
      long revision = model.compactedRevision() - 1 + random.nextLong(
          model.currentRevision() - model.compactedRevision() + 3);
      request.setCompaction(CompactionRequest.newBuilder().setRevision(revision));
    }
    return request.build();
  }

  private ApplyResult applyToModel(InternalRequest request) {
    try {
      return ApplyResult.ok(request.getId(), model.apply(request));
    } catch (EtcdException e) {
      return ApplyResult.failed(request.getId(), e.error());
    }
  }

  private void checkRange(RangeRequest request) {
    Object expected;
    try {
      expected = model.range(request);
    } catch (EtcdException e) {
      expected = e.error();
    }
    Object actual;
    try {
      actual = store.range(request);
    } catch (EtcdException e) {
      actual = e.error();
    }
    assertEquals(expected, actual, () -> where + " " + request + "\nmodel: " + model);
  }

  /** Changes after the compacted revision (the one at it may still wait for compactStep). */
  private void checkChanges() {
    long current = model.currentRevision();
    long from = model.compactedRevision() + 1 + random.nextLong(current - model.compactedRevision() + 1);
    long to = from + random.nextLong(5);
    int max = 1 + random.nextInt(8);
    List<?> expected = model.events(from, to);
    assertEquals(expected.subList(0, Math.min(max, expected.size())), store.changes(from, to, max), where);
  }

  private void replayOldEntries() {
    int from = random.nextInt(applied.size());
    List<CommittedEntry> old = applied.subList(from, Math.min(applied.size(), from + 5));
    long revision = store.currentRevision();
    assertEquals(List.of(), store.apply(old), where);
    assertEquals(revision, store.currentRevision(), where);
  }

  private void finishCompactionAndCompareContents() {
    int steps = 0;
    while (store.compactStep(3)) {
      steps++;
      assertTrue(steps < 100_000, "compaction does not finish");
    }
    long versions = model.versionsKept();
    assertArrayEquals(new long[] {versions, versions}, store.storedEntryCounts(), where);
    for (long revision = Math.max(1, model.compactedRevision()); revision <= model.currentRevision(); revision++) {
      checkRange(RangeRequest.newBuilder().setKey(ByteString.copyFrom(new byte[] {0}))
          .setRangeEnd(ByteString.copyFrom(new byte[] {0})).setRevision(revision).build());
    }
  }
}
