package io.vetcd.consensus;

import io.vetcd.proto.etcdserverpb.Member;
import java.util.List;

/**
 * The members a peer transport streams to, as the applied membership lists them: sent to the
 * transport at start and after every batch of committed entries that changed the membership.
 */
public record PeerRoster(List<Entry> members) {
  /** One member: its id, its name (for logs and the fault hook) and its peer URLs. */
  public record Entry(long id, String name, List<String> peerUrls) {
    public Entry {
      peerUrls = List.copyOf(peerUrls);
    }
  }

  public PeerRoster {
    members = List.copyOf(members);
  }

  public static PeerRoster of(List<Member> members) {
    return new PeerRoster(members.stream()
        .map(m -> new Entry(m.getID(), m.getName(), m.getPeerURLsList()))
        .toList());
  }
}
