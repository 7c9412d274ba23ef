package io.vetcd.bus;

import io.vetcd.mvcc.ApplyResult;
import java.util.List;

/** What applying a batch produced; {@code appliedIndex} is the store's applied index after it. */
public record AppliedBatch(long appliedIndex, List<ApplyResult> results) {}
