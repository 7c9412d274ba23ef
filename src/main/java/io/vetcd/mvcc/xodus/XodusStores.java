package io.vetcd.mvcc.xodus;

import jetbrains.exodus.env.Environment;
import jetbrains.exodus.env.Store;
import jetbrains.exodus.env.StoreConfig;

/**
 * The stores of the MVCC layout, opened once per environment. {@code live} holds the encoded
 * user keys that exist at the current revision (key to nothing): etcd's Range answers the count
 * of every key in the range even with a limit, and counting there walks only keys, where the key
 * store holds every version with its value.
 */
record XodusStores(Store keys, Store revisions, Store meta, Store live, Store leases,
    Store leaseKeys) {
  private static final String LIVE = "live";

  static XodusStores open(Environment env) {
    return env.computeInExclusiveTransaction(txn -> {
      boolean liveMissing = !env.storeExists(LIVE, txn);
      XodusStores stores = new XodusStores(
          env.openStore("key", StoreConfig.WITHOUT_DUPLICATES_WITH_PREFIXING, txn),
          env.openStore("rev", StoreConfig.WITHOUT_DUPLICATES, txn),
          env.openStore("meta", StoreConfig.WITHOUT_DUPLICATES, txn),
          env.openStore(LIVE, StoreConfig.WITHOUT_DUPLICATES, txn),
          env.openStore("lease", StoreConfig.WITHOUT_DUPLICATES, txn),
          env.openStore("lease_key", StoreConfig.WITHOUT_DUPLICATES_WITH_PREFIXING, txn));
      if (liveMissing) {
        // A store written before the live keys existed: fill them from its key history.
        XodusKvView.writing(txn, stores).rebuildLiveKeys(Meta.CURRENT_REVISION.read(stores.meta(), txn));
      }
      return stores;
    });
  }
}
