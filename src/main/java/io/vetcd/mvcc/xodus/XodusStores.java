package io.vetcd.mvcc.xodus;

import java.util.List;
import jetbrains.exodus.env.Environment;
import jetbrains.exodus.env.Store;
import jetbrains.exodus.env.StoreConfig;

/**
 * The stores of the MVCC layout, opened once per environment. {@code live} holds the encoded
 * user keys that exist at the current revision (key to nothing), and {@code liveBuckets} their
 * counts by bucket (see {@link LiveKeys}): etcd's Range answers the count of every key in the
 * range even with a limit, and the key store holds every version with its value.
 */
record XodusStores(Store keys, Store revisions, Store meta, Store live, Store liveBuckets,
    Store leases, Store leaseKeys) {
  private static final String LIVE = "live";
  private static final String LIVE_BUCKETS = "live-buckets";

  static XodusStores open(Environment env) {
    return env.computeInExclusiveTransaction(txn -> {
      // Stores written before the live keys, or before their buckets, get them from what they hold.
      boolean liveMissing = !env.storeExists(LIVE, txn);
      if (liveMissing && env.storeExists(LIVE_BUCKETS, txn)) {
        env.removeStore(LIVE_BUCKETS, txn);
      }
      boolean bucketsMissing = !env.storeExists(LIVE_BUCKETS, txn);
      XodusStores stores = new XodusStores(
          env.openStore("key", StoreConfig.WITHOUT_DUPLICATES_WITH_PREFIXING, txn),
          env.openStore("rev", StoreConfig.WITHOUT_DUPLICATES, txn),
          env.openStore("meta", StoreConfig.WITHOUT_DUPLICATES, txn),
          env.openStore(LIVE, StoreConfig.WITHOUT_DUPLICATES, txn),
          env.openStore(LIVE_BUCKETS, StoreConfig.WITHOUT_DUPLICATES, txn),
          env.openStore("lease", StoreConfig.WITHOUT_DUPLICATES, txn),
          env.openStore("lease_key", StoreConfig.WITHOUT_DUPLICATES_WITH_PREFIXING, txn));
      if (liveMissing) {
        long current = Meta.CURRENT_REVISION.read(stores.meta(), txn);
        XodusKvView.writing(txn, stores, current, LatestVersions.UNCACHED, List.of())
            .rebuildLiveKeys(current);
      }
      if (bucketsMissing) {
        new LiveKeys(txn, stores.live(), stores.liveBuckets()).rebuildBuckets();
      }
      return stores;
    });
  }
}
