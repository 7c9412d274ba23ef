package io.vetcd.bus;

/**
 * Published by the apply loop after a batch that moved the store's revision: every change up to
 * {@code revision} is stored and readable. The watch hub reads the changes itself, so one small
 * message per batch is all the apply loop pays, however many watchers there are.
 */
public record RevisionApplied(long revision) {}
