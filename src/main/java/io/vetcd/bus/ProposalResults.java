package io.vetcd.bus;

import io.vetcd.mvcc.ApplyResult;
import java.util.List;

/** The answer to {@link Proposals}: one result per request, in the same order. */
public record ProposalResults(List<ApplyResult> results) {}
