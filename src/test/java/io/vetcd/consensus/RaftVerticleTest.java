package io.vetcd.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.vertx.core.Future;
import io.vetcd.bus.Addresses;
import io.vetcd.bus.ProposalResults;
import io.vetcd.bus.Proposals;
import io.vetcd.bus.Proposer;
import io.vetcd.bus.RaftStatus;
import io.vetcd.bus.ReadBarrier;
import io.vetcd.bus.RequestIds;
import io.vetcd.bus.RequestLimits;
import io.vetcd.consensus.wal.Wal;
import io.vetcd.mvcc.ApplyResult;
import io.vetcd.mvcc.xodus.XodusMvccStore;
import io.vetcd.proto.etcdserverpb.PutRequest;
import io.vetcd.proto.etcdserverpb.PutResponse;
import io.vetcd.proto.vetcdpb.InternalRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Raft verticle with the storage verticle, a real WAL and a real store: what a client's write
 * and read go through, and what log compaction leaves on disk.
 */
class RaftVerticleTest {
  private static final RequestLimits LIMITS = new RequestLimits(1 << 20, 128, 10_000);
  /** The first WAL segment; log compaction must delete it once it holds only old entries. */
  private static final String FIRST_SEGMENT = "0000000000000000-";
  private static final Duration COMPACTION_LIMIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void proposalsGetTheirOwnResultsInProposalOrder() throws Exception {
    try (SingleMember member = SingleMember.start(dir, 10_000)) {
      Proposer proposer = new Proposer(member.vertx, new RequestIds(1, 1), LIMITS);
      long first = member.store.currentRevision() + 1;
      List<Future<ApplyResult>> results = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        results.add(proposer.propose(InternalRequest.newBuilder().setPut(put("k", "v" + i))));
      }
      for (int i = 0; i < results.size(); i++) {
        PutResponse put = (PutResponse) results.get(i).await().response();
        assertEquals(first + i, put.getHeader().getRevision(), "put " + i);
        assertEquals(i == 0 ? "" : "v" + (i - 1), put.getPrevKv().getValue().toStringUtf8(),
            "put " + i + " follows put " + (i - 1));
      }
    }
  }

  @Test
  void readBarrierAndStorageSyncReportTheAppliedIndex() throws Exception {
    try (SingleMember member = SingleMember.start(dir, 10_000)) {
      Proposer proposer = new Proposer(member.vertx, new RequestIds(1, 1), LIMITS);
      for (int i = 0; i < 5; i++) {
        proposer.propose(InternalRequest.newBuilder().setPut(put("k" + i, "v"))).await();
      }
      long applied = member.store.appliedIndex(); // every acknowledged write is applied
      long barrier = new ReadBarrier(member.vertx, 10_000).await().await();
      assertTrue(barrier >= applied, "a read after acknowledged writes waits for them: "
          + barrier + " < " + applied);
      long synced = member.vertx.eventBus().<io.vetcd.bus.SyncedStore>request(
          Addresses.STORAGE_SYNC, null).await().body().appliedIndex();
      assertEquals(member.store.appliedIndex(), synced, "STORAGE_SYNC answers the store's applied index");
      RaftStatus status = member.vertx.eventBus().<RaftStatus>request(Addresses.RAFT_STATUS, null)
          .await().body();
      assertEquals(synced, status.appliedIndex(), "the Raft verticle heard of every apply");
    }
  }

  /**
   * After snapshotCount applied entries, LogCompaction syncs the store, writes a snapshot marker
   * and deletes the WAL segments that hold only entries more than CATCH_UP_ENTRIES behind it;
   * a reopened WAL starts from the marker, which the reopened store has reached.
   */
  @Test
  void logCompactionMarksTheWalAndReleasesOldSegments() throws Exception {
    // Enough that a snapshot is often under way when the member closes: the JVM must not halt
    // then (it did, 2 runs in 3, when the closed apply worker failed the snapshot's store sync).
    long entries = LogCompaction.CATCH_UP_ENTRIES + 2_000;
    try (SingleMember member = SingleMember.start(dir, 500)) {
      // One batch at a time: batches sent together would be group-committed into one WAL save,
      // and a save never spans segments, so the log would not spread over several.
      for (long id = 1; id <= entries; ) {
        List<InternalRequest> batch = new ArrayList<>();
        for (int i = 0; i < 250; i++, id++) {
          batch.add(InternalRequest.newBuilder().setId(id).setPut(put("c" + id, "x".repeat(100))).build());
        }
        propose(member, batch);
      }
      Instant deadline = Instant.now().plus(COMPACTION_LIMIT);
      // No more writes: a threshold crossed while a snapshot ran must be taken when it ends.
      while (firstSegmentLeft()) {
        assertTrue(Instant.now().isBefore(deadline), "first segment still there: " + segments(dir));
        Thread.sleep(50);
      }
    }
    try (Wal wal = Wal.open(SingleMember.walDir(dir), SingleMember.walOptions())) {
      long marker = wal.recovered().snapshot().index();
      assertTrue(marker > LogCompaction.CATCH_UP_ENTRIES, "snapshot marker at " + marker);
      XodusMvccStore store = new XodusMvccStore(SingleMember.storeDir(dir));
      try {
        assertTrue(store.appliedIndex() >= marker,
            "the store holds the snapshot: applied " + store.appliedIndex() + " < marker " + marker);
      } finally {
        store.close();
      }
    }
  }

  private static void propose(SingleMember member, List<InternalRequest> batch) {
    member.vertx.eventBus().<ProposalResults>request(Addresses.RAFT_PROPOSE, new Proposals(batch)).await();
  }

  private boolean firstSegmentLeft() throws IOException {
    return segments(dir).stream().anyMatch(name -> name.startsWith(FIRST_SEGMENT));
  }

  private static List<String> segments(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(SingleMember.walDir(dir))) {
      return files.map(path -> path.getFileName().toString()).sorted().toList();
    }
  }

  private static PutRequest put(String key, String value) {
    return PutRequest.newBuilder().setKey(ByteString.copyFromUtf8(key))
        .setValue(ByteString.copyFromUtf8(value)).setPrevKv(true).build();
  }
}
