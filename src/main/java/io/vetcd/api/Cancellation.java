package io.vetcd.api;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Tells the waits of one client call that the client gave up on it (cancelled it, reset its
 * stream, lost its connection), as a Go context's Done tells etcd's servers: each wait then ends
 * at once, closing its watch, and the call undoes what only the waiting needed (a lock's waiting
 * key). Used on the call's event loop only.
 */
public final class Cancellation {
  private final Set<Runnable> onCancel = new LinkedHashSet<>();
  private boolean cancelled;

  /** The client gave up: runs every registered action once. */
  public void cancel() {
    if (!cancelled) {
      cancelled = true;
      List<Runnable> actions = List.copyOf(onCancel);
      onCancel.clear();
      actions.forEach(Runnable::run);
    }
  }

  public boolean isCancelled() {
    return cancelled;
  }

  /** Runs {@code action} when the call is cancelled (at once if it is already). */
  void whenCancelled(Runnable action) {
    if (cancelled) {
      action.run();
    } else {
      onCancel.add(action);
    }
  }

  /** A wait that ended by itself: its action is no longer needed. */
  void forget(Runnable action) {
    onCancel.remove(action);
  }
}
