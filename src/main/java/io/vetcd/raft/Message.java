package io.vetcd.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * A Raft message between members, with field meanings as in etcd's raftpb.Message.
 *
 * <ul>
 *   <li>APP: {@code index}/{@code logTerm} name the entry that precedes {@code entries};
 *       {@code commit} is the leader's commit index.
 *   <li>APP_RESP: {@code index} is the follower's last matching index, or on {@code reject} the
 *       rejected probe index with {@code rejectHint}/{@code logTerm} as a hint where to retry.
 *   <li>VOTE/PRE_VOTE: {@code index}/{@code logTerm} describe the candidate's last entry.
 *   <li>HEARTBEAT, HEARTBEAT_RESP, READ_INDEX, READ_INDEX_RESP: {@code context} carries a
 *       ReadIndex request id.
 * </ul>
 *
 * The wire form ({@link #toBytes()}) is fixed-width big-endian and versionless: both ends of a
 * peer connection run the same code.
 */
public record Message(
    MessageType type,
    long to,
    long from,
    long term,
    long logTerm,
    long index,
    List<Entry> entries,
    long commit,
    Snapshot snapshot,
    boolean reject,
    long rejectHint,
    byte[] context) {

  public Message {
    if (type == null) {
      throw new IllegalArgumentException("message type is required");
    }
    entries = entries == null ? List.of() : entries;
  }

  /** A copy addressed to another member (used to forward a local request to the leader). */
  public Message withTo(long newTo) {
    return new Message(type, newTo, from, term, logTerm, index, entries, commit, snapshot, reject,
        rejectHint, context);
  }

  public byte[] toBytes() {
    WireWriter out = new WireWriter(96 + estimatedPayload());
    out.writeByte(type.number).writeLong(to).writeLong(from).writeLong(term).writeLong(logTerm)
        .writeLong(index).writeLong(commit).writeByte(reject ? 1 : 0).writeLong(rejectHint)
        .writeBytes(context);
    out.writeInt(entries.size());
    for (Entry e : entries) {
      out.writeLong(e.term()).writeLong(e.index()).writeByte(e.type().number).writeBytes(e.data());
    }
    out.writeByte(snapshot == null ? 0 : 1);
    if (snapshot != null) {
      snapshot.writeTo(out);
    }
    return out.toByteArray();
  }

  public static Message fromBytes(byte[] bytes) {
    WireReader in = new WireReader(bytes);
    MessageType type = MessageType.of(in.readByte());
    long to = in.readLong();
    long from = in.readLong();
    long term = in.readLong();
    long logTerm = in.readLong();
    long index = in.readLong();
    long commit = in.readLong();
    boolean reject = in.readByte() != 0;
    long rejectHint = in.readLong();
    byte[] context = in.readBytes();
    int count = in.readInt();
    if (count < 0) {
      throw new IllegalArgumentException("negative entry count");
    }
    List<Entry> entries = new ArrayList<>(Math.min(count, 1024));
    for (int i = 0; i < count; i++) {
      entries.add(new Entry(in.readLong(), in.readLong(), EntryType.of(in.readByte()), in.readBytes()));
    }
    Snapshot snapshot = in.readByte() == 0 ? null : Snapshot.readFrom(in);
    in.expectEnd();
    return new Message(type, to, from, term, logTerm, index, List.copyOf(entries), commit, snapshot,
        reject, rejectHint, context);
  }

  private int estimatedPayload() {
    int size = snapshot == null ? 0 : snapshot.data().length + 64;
    for (Entry e : entries) {
      size += 32 + (e.data() == null ? 0 : e.data().length);
    }
    return size;
  }

  @Override
  public String toString() {
    return type + " " + from + "->" + to + " term=" + term + " logTerm=" + logTerm + " index="
        + index + " commit=" + commit + " entries=" + entries.size()
        + (reject ? " reject hint=" + rejectHint : "") + (snapshot != null ? " snap@" + snapshot.index() : "");
  }
}
