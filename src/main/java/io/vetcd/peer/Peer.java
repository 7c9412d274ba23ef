package io.vetcd.peer;

import io.vetcd.config.MemberUrl;

/** Another member as the transport reaches it: its id, its name (for logs and the fault hook) and
 *  the peer URL its stream connects to. */
public record Peer(long id, String name, MemberUrl url) {}
