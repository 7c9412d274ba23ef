package io.vetcd.mvcc.xodus;

import jetbrains.exodus.env.Environment;
import jetbrains.exodus.env.Store;
import jetbrains.exodus.env.StoreConfig;

/** The three stores of the MVCC layout, opened once per environment. */
record XodusStores(Store keys, Store revisions, Store meta) {

  static XodusStores open(Environment env) {
    return env.computeInExclusiveTransaction(txn -> new XodusStores(
        env.openStore("key", StoreConfig.WITHOUT_DUPLICATES_WITH_PREFIXING, txn),
        env.openStore("rev", StoreConfig.WITHOUT_DUPLICATES, txn),
        env.openStore("meta", StoreConfig.WITHOUT_DUPLICATES, txn)));
  }
}
