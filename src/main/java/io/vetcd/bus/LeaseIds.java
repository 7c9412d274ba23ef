package io.vetcd.bus;

/** Leases to renew or to look up, in one event-bus message. The array is never changed. */
public record LeaseIds(long[] ids) {}
