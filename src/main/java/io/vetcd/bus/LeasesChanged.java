package io.vetcd.bus;

/**
 * Published after an applied batch that granted or revoked leases: their ids (the store tells
 * which of them exist now) and when the batch was applied ({@code System.nanoTime()} in
 * milliseconds), before any client heard of it. The lease verticle starts a granted lease's clock
 * then, not when this message reaches it. Never changed.
 */
public record LeasesChanged(long[] ids, long appliedAtMillis) {}
