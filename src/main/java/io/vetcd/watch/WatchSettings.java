package io.vetcd.watch;

/**
 * The member settings the hub follows.
 *
 * @param progressNotifyIntervalMillis how often a watch created with progress_notify that saw no
 *     event is told the current revision (etcd's --experimental-watch-progress-notify-interval)
 * @param fragmentBytes a response of this size or more is split when its watch asked for
 *     fragments: etcd uses --max-request-bytes plus its gRPC allowance of 512 KiB
 */
public record WatchSettings(long progressNotifyIntervalMillis, long fragmentBytes) {
  public WatchSettings {
    if (progressNotifyIntervalMillis < 1 || fragmentBytes < 1) {
      throw new IllegalArgumentException("watch settings must be positive: "
          + progressNotifyIntervalMillis + " ms, " + fragmentBytes + " bytes");
    }
  }
}
