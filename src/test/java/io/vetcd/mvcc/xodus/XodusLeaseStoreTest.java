package io.vetcd.mvcc.xodus;

import static io.vetcd.mvcc.Requests.delete;
import static io.vetcd.mvcc.Requests.get;
import static io.vetcd.mvcc.Requests.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.protobuf.ByteString;
import io.vetcd.errors.EtcdError;
import io.vetcd.mvcc.Lease;
import io.vetcd.proto.etcdserverpb.LeaseCheckpoint;
import io.vetcd.proto.etcdserverpb.LeaseCheckpointRequest;
import io.vetcd.proto.etcdserverpb.LeaseGrantRequest;
import io.vetcd.proto.etcdserverpb.LeaseGrantResponse;
import io.vetcd.proto.etcdserverpb.LeaseRevokeRequest;
import io.vetcd.proto.etcdserverpb.LeaseRevokeResponse;
import io.vetcd.proto.mvccpb.Event;
import io.vetcd.proto.vetcdpb.InternalRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leases in the replicated store, as etcd's lessor keeps them: granted and revoked through the log,
 * keys attached by a put with a lease and detached by a put without it or a delete, a revoke that
 * deletes the attached keys in one revision, and all of it kept across a reopen.
 */
class XodusLeaseStoreTest {
  @TempDir Path dir;
  StoreFixture fx;

  @BeforeEach
  void open() {
    fx = new StoreFixture(dir);
  }

  @AfterEach
  void close() {
    fx.close();
  }

  @Test
  void grantRecordsTheLeaseAndRefusesDuplicatesAndHugeTtls() {
    LeaseGrantResponse granted = (LeaseGrantResponse) fx.apply(grant(5, 30)).response();
    assertEquals(5, granted.getID());
    assertEquals(30, granted.getTTL());
    assertEquals(1, granted.getHeader().getRevision());
    assertEquals(new Lease(5, 30, 0), fx.store.lease(5));
    assertEquals(EtcdError.LEASE_EXIST, fx.failure(grant(5, 10)));
    assertEquals(EtcdError.LEASE_TTL_TOO_LARGE, fx.failure(grant(6, Lease.MAX_TTL_SECONDS + 1)));
    assertEquals(List.of(new Lease(5, 30, 0)), List.copyOf(fx.store.leases()));
  }

  @Test
  void revokeDeletesTheAttachedKeysInOneRevision() {
    fx.apply(grant(5, 30));
    fx.put(put("b", "2").toBuilder().setLease(5).build());
    fx.put(put("a", "1").toBuilder().setLease(5).build());
    fx.put(put("c", "3"));
    assertEquals(List.of(bytes("a"), bytes("b")), fx.store.leaseKeys(5));
    LeaseRevokeResponse revoked = (LeaseRevokeResponse) fx.apply(revoke(5)).response();
    assertEquals(5, revoked.getHeader().getRevision());
    assertEquals(5, fx.store.currentRevision());
    List<Event> events = fx.store.changes(5, 5, 10);
    assertEquals(List.of(Event.EventType.DELETE, Event.EventType.DELETE),
        events.stream().map(Event::getType).toList());
    assertEquals(List.of(bytes("a"), bytes("b")),
        events.stream().map(e -> e.getKv().getKey()).toList());
    assertEquals(1, fx.store.range(get("c")).getCount());
    assertEquals(0, fx.store.range(get("a")).getCount());
    assertNull(fx.store.lease(5));
    assertEquals(List.of(), fx.store.leaseKeys(5));
    assertEquals(EtcdError.LEASE_NOT_FOUND, fx.failure(revoke(5)));
  }

  @Test
  void revokeOfALeaseWithoutKeysChangesNoRevision() {
    fx.apply(grant(5, 30));
    fx.put(put("a", "1"));
    LeaseRevokeResponse revoked = (LeaseRevokeResponse) fx.apply(revoke(5)).response();
    assertEquals(2, revoked.getHeader().getRevision());
    assertEquals(2, fx.store.currentRevision());
  }

  @Test
  void aPutWithoutTheLeaseOrADeleteDetachesTheKey() {
    fx.apply(grant(5, 30));
    fx.apply(grant(6, 30));
    fx.put(put("a", "1").toBuilder().setLease(5).build());
    fx.put(put("b", "1").toBuilder().setLease(5).build());
    fx.put(put("c", "1").toBuilder().setLease(5).build());
    fx.put(put("a", "2"));
    fx.put(put("b", "2").toBuilder().setLease(6).build());
    fx.delete(delete("c"));
    assertEquals(List.of(), fx.store.leaseKeys(5));
    assertEquals(List.of(bytes("b")), fx.store.leaseKeys(6));
    fx.apply(revoke(5));
    assertEquals(1, fx.store.range(get("a")).getCount());
    assertEquals(1, fx.store.range(get("b")).getCount());
  }

  @Test
  void leasesKeysAndCheckpointsSurviveAReopen() {
    fx.apply(grant(5, 30));
    fx.put(put("a", "1").toBuilder().setLease(5).build());
    fx.apply(InternalRequest.newBuilder().setLeaseCheckpoint(LeaseCheckpointRequest.newBuilder()
        .addCheckpoints(LeaseCheckpoint.newBuilder().setID(5).setRemainingTTL(12))
        .addCheckpoints(LeaseCheckpoint.newBuilder().setID(99).setRemainingTTL(12))));
    fx.reopen();
    assertEquals(new Lease(5, 30, 12), fx.store.lease(5));
    assertEquals(12, fx.store.lease(5).ttlOnPromotionSeconds());
    assertNull(fx.store.lease(99));
    assertEquals(List.of(bytes("a")), fx.store.leaseKeys(5));
  }

  private static InternalRequest.Builder grant(long id, long ttl) {
    return InternalRequest.newBuilder().setLeaseGrant(LeaseGrantRequest.newBuilder().setID(id).setTTL(ttl));
  }

  private static InternalRequest.Builder revoke(long id) {
    return InternalRequest.newBuilder().setLeaseRevoke(LeaseRevokeRequest.newBuilder().setID(id));
  }

  private static ByteString bytes(String s) {
    return ByteString.copyFromUtf8(s);
  }
}
