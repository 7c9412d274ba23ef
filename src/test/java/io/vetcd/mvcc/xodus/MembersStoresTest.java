package io.vetcd.mvcc.xodus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vetcd.errors.EtcdError;
import io.vetcd.mvcc.ApplyResult;
import io.vetcd.mvcc.CommittedEntry;
import io.vetcd.proto.etcdserverpb.Member;
import io.vetcd.proto.vetcdpb.InternalRequest;
import io.vetcd.proto.vetcdpb.Membership;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The members kept in the store: written with the applied index, read back after a reopen. */
class MembersStoresTest {
  private static final Member A = Member.newBuilder().setID(1).setName("a")
      .addPeerURLs("http://a:2380").addClientURLs("http://a:2379").build();
  private static final Member LEARNER = Member.newBuilder().setID(-7)
      .addPeerURLs("http://l:2380").setIsLearner(true).build();

  @TempDir Path dir;

  @Test
  void membershipSurvivesReopenWithItsAppliedIndex() {
    Membership two = Membership.newBuilder().addMembers(A).addMembers(LEARNER).build();
    Membership afterRemoval = Membership.newBuilder().addMembers(A).addRemoved(-7).build();
    try (XodusMvccStore store = new XodusMvccStore(dir)) {
      assertEquals(Membership.getDefaultInstance(), store.membership());
      List<ApplyResult> results = store.apply(List.of(
          new CommittedEntry(1, 1, request(11), two, null),
          new CommittedEntry(2, 1, request(12), null, EtcdError.TOO_MANY_LEARNERS)));
      assertEquals(List.of(ApplyResult.ok(11, two),
          ApplyResult.failed(12, EtcdError.TOO_MANY_LEARNERS)), results);
      assertEquals(two, store.membership());
    }
    try (XodusMvccStore store = new XodusMvccStore(dir)) {
      assertEquals(2, store.appliedIndex());
      assertEquals(two, store.membership());
      store.apply(List.of(new CommittedEntry(3, 1, request(13), afterRemoval, null)));
    }
    try (XodusMvccStore store = new XodusMvccStore(dir)) {
      assertEquals(afterRemoval, store.membership(), "the removed member is gone, its id kept");
    }
  }

  private static InternalRequest request(long id) {
    return InternalRequest.newBuilder().setId(id).build();
  }
}
