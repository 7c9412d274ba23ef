package io.vetcd.watch;

/**
 * The member settings the hub follows.
 *
 * @param progressNotifyIntervalMillis how often a watch created with progress_notify that saw no
 *     event is told the current revision (etcd's --experimental-watch-progress-notify-interval)
 * @param maxRequestBytes a response larger than this is split when its watch asked for
 *     fragments (etcd's --max-request-bytes)
 */
public record WatchSettings(long progressNotifyIntervalMillis, long maxRequestBytes) {
  /** etcd's default progress notify interval: 10 minutes. */
  public static final long DEFAULT_PROGRESS_NOTIFY_INTERVAL_MILLIS = 10 * 60 * 1000;

  public WatchSettings {
    if (progressNotifyIntervalMillis < 1 || maxRequestBytes < 1) {
      throw new IllegalArgumentException("watch settings must be positive: "
          + progressNotifyIntervalMillis + " ms, " + maxRequestBytes + " bytes");
    }
  }
}
