package io.vetcd.consensus;

import io.vetcd.mvcc.StoreImage;
import io.vetcd.raft.Message;

/**
 * A snapshot for a follower: the core's SNAP message, its snapshot metadata replaced by the
 * image's (index, term and membership at the store's applied index, as etcd's
 * createMergedSnapshotMessage does), and the image to stream after it. The membership travels as
 * the snapshot's data, for the follower's WAL marker.
 */
public record OutgoingSnapshot(Message message, StoreImage image) {}
