package io.vetcd.peer;

/** This member as its requests to peers name it: its id and its cluster's. */
record LocalMember(long memberId, long clusterId) {}
