package io.vetcd.bus;

/** Every event-bus address in one place. All traffic is local to the member's JVM. */
public final class Addresses {
  /** Client writes to replicate: body {@link Proposals}, reply {@link ProposalResults}. */
  public static final String RAFT_PROPOSE = "vetcd.raft.propose";
  /** A linearizable read barrier: empty body, reply {@link Long} = an index already applied. */
  public static final String RAFT_READ_INDEX = "vetcd.raft.read-index";
  /** Raft and member status for Maintenance.Status and response headers: reply {@link RaftStatus}. */
  public static final String RAFT_STATUS = "vetcd.raft.status";
  /** One membership change: body {@link Proposals} holding one request whose member_change
   *  says what, reply {@link ProposalResults} once it is applied (the members after it). */
  public static final String RAFT_MEMBER_CHANGE = "vetcd.raft.member-change";
  /** Maintenance.MoveLeader: body {@link Long} = the transferee's id, empty reply once it leads;
   *  a refusal fails the request with the EtcdError's name as message. */
  public static final String RAFT_MOVE_LEADER = "vetcd.raft.move-leader";
  /** Raft messages from peers, in arrival order per peer stream: body consensus.RaftMessages, no
   *  reply. The Raft driver steps them into the core. */
  public static final String RAFT_STEP = "vetcd.raft.step";
  /** Raft messages for other members, in the core's order: body consensus.RaftMessages, no
   *  reply. The peer transport sends each on the stream to its member, or drops it. */
  public static final String PEER_SEND = "vetcd.peer.send";
  /** The members the peer transport streams to, after a change of membership (PeerRoster). */
  public static final String PEER_ROSTER = "vetcd.peer.roster";
  /** The stream to a peer came up or went down (consensus.PeerActivity), for etcd's health
   *  checks of member changes; published by the peer transport. */
  public static final String PEER_ACTIVITY = "vetcd.peer.activity";
  /** A peer's process is gone: the stream to it broke and its port refuses connections. Body the
   *  peer's member ID (Long); published by the peer transport for the Raft driver. */
  public static final String PEER_GONE = "vetcd.peer.gone";
  /** Committed entries to apply, in log order: body {@link ApplyBatch}, reply {@link AppliedBatch};
   *  the waiting client calls are answered through their {@link PendingProposals}. */
  public static final String STORAGE_APPLY = "vetcd.storage.apply";
  /** Make the store durable (for a Raft snapshot): empty body, reply {@link SyncedStore}: the
   *  applied index now on disk and the membership at it. Served by the apply worker, which owns
   *  the store. */
  public static final String STORAGE_SYNC = "vetcd.storage.sync";
  /** An image of the store for a follower that needs a snapshot: empty body, reply
   *  {@link TakenImage}. Served by the apply worker between two batches. */
  public static final String STORAGE_IMAGE = "vetcd.storage.image";
  /** Replace the store by the image received for a snapshot: body {@link Long} = its Raft index,
   *  reply {@link AppliedBatch}. Served by the apply worker, in order with the batches. */
  public static final String STORAGE_INSTALL = "vetcd.storage.install";
  /** A snapshot for a follower, with the store image to stream: body consensus.OutgoingSnapshot,
   *  no reply. The peer transport streams it, then answers on {@link #RAFT_SNAPSHOT_STATUS}. */
  public static final String PEER_SNAPSHOT = "vetcd.peer.snapshot";
  /** Whether a snapshot reached its follower: body consensus.SnapshotStatus, no reply. */
  public static final String RAFT_SNAPSHOT_STATUS = "vetcd.raft.snapshot-status";
  /** Published after each applied batch that changed the revision: body {@link RevisionApplied},
   *  no reply. The watch hub listens. */
  public static final String REVISION_APPLIED = "vetcd.storage.revision-applied";

  /** Published after each applied batch that granted or revoked leases: body
   *  {@link LeasesChanged}, no reply. The lease verticle listens. */
  public static final String LEASES_CHANGED = "vetcd.storage.leases-changed";
  /** Keepalives: body {@link LeaseIds}, reply {@link LeaseTtls} (each lease's TTL, 0: not found). */
  public static final String LEASE_RENEW = "vetcd.lease.renew";
  /** Remaining TTLs: body {@link LeaseIds}, reply {@link LeaseTtls} (milliseconds, -1: not found). */
  public static final String LEASE_REMAINING = "vetcd.lease.remaining";
  /** A follower's keepalives or remaining-TTL questions for the leader: body
   *  {@link LeaseForward}, reply {@link LeaseTtls} from the leader's lease verticle; fails when
   *  the leader cannot be reached or is no longer the leader. The peer transport carries it. */
  public static final String PEER_LEASES = "vetcd.peer.leases";
  /** A learner's promotion asked of a member that is not the leader: body {@link PromoteForward},
   *  reply {@link ProposalResults} from the leader's {@link #RAFT_MEMBER_CHANGE} when it decided
   *  (promoted, or refused as not found, not a learner or not ready); fails when the leader cannot
   *  be reached or did not decide (the asking member tries again, as etcd's PromoteMember does). */
  public static final String PEER_PROMOTE = "vetcd.peer.promote";

  private Addresses() {}
}
