package io.vetcd.consensus;

import io.vetcd.proto.etcdserverpb.Member;
import java.util.List;

/**
 * The members a peer transport streams to, as the applied membership lists them: sent to the
 * transport at start and after every batch of committed entries that changed the membership.
 */
public record PeerRoster(List<Entry> members, List<Long> removed) {
  /** One member: its id, its name (for logs and the fault hook) and its peer URLs. */
  public record Entry(long id, String name, List<String> peerUrls) {
    public Entry {
      peerUrls = List.copyOf(peerUrls);
    }
  }

  public PeerRoster {
    members = List.copyOf(members);
    removed = List.copyOf(removed);
  }

  /** @param removed the ids removed for good, whose streams are answered 410 Gone */
  public static PeerRoster of(List<Member> members, List<Long> removed) {
    return new PeerRoster(members.stream()
        .map(m -> new Entry(m.getID(), m.getName(), m.getPeerURLsList()))
        .toList(), removed);
  }
}
