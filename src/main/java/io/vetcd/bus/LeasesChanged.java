package io.vetcd.bus;

/**
 * Published after an applied batch that granted or revoked leases: their ids (the store tells
 * which of them exist now). The lease verticle starts or stops their clocks. Never changed.
 */
public record LeasesChanged(long[] ids) {}
