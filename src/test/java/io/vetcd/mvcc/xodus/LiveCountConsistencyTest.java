package io.vetcd.mvcc.xodus;

import static io.vetcd.mvcc.Requests.bytes;
import static io.vetcd.mvcc.Requests.delete;
import static io.vetcd.mvcc.Requests.internal;
import static io.vetcd.mvcc.Requests.put;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vetcd.mvcc.CommittedEntry;
import io.vetcd.mvcc.KeyRange;
import io.vetcd.proto.vetcdpb.InternalRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import jetbrains.exodus.env.Environment;
import jetbrains.exodus.env.EnvironmentConfig;
import jetbrains.exodus.env.Environments;
import jetbrains.exodus.env.Transaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The counts from the live-key buckets never disagree with a walk of the versions at the same
 * revision, while buckets split (creates) and merge (deletes of whole stretches), and after the
 * buckets are rebuilt from a store that has none.
 */
class LiveCountConsistencyTest {
  private static final int KEY_SPACE = 4 * LiveKeys.MAX_BUCKET;
  @TempDir Path dir;
  private final Random random = new Random(7);
  private final TreeSet<String> model = new TreeSet<>();
  private long index;

  @Test
  void bucketCountsMatchTheVersionWalkThroughSplitsAndMerges() {
    phase(2 * KEY_SPACE, 0.95); // mostly creates: buckets split
    phase(KEY_SPACE, 0.5);
    deleteStretch(KEY_SPACE / 8, KEY_SPACE * 7 / 8); // the buckets inside empty and merge
    phase(KEY_SPACE / 8, 0.05); // everywhere a little
    phase(KEY_SPACE, 0.8); // created again
  }

  @Test
  void bucketsRebuiltFromTheLiveKeysCountAlike() {
    phase(2 * KEY_SPACE, 0.7);
    Environment env = Environments.newInstance(dir.toFile(), new EnvironmentConfig());
    env.executeInExclusiveTransaction(txn -> env.removeStore("live-buckets", txn));
    env.close();
    assertCountsAgree();
  }

  private void deleteStretch(int from, int to) {
    XodusMvccStore store = new XodusMvccStore(dir);
    try {
      model.subSet(key(from), key(to)).clear();
      store.apply(List.of(new CommittedEntry(++index, 1, internal(index, delete(key(from), key(to))))));
    } finally {
      store.close();
    }
    assertCountsAgree();
  }

  /** Applies random puts (with probability {@code putShare}) and deletes, then checks. */
  private void phase(int operations, double putShare) {
    XodusMvccStore store = new XodusMvccStore(dir);
    try {
      List<CommittedEntry> batch = new ArrayList<>();
      for (int i = 0; i < operations; i++) {
        batch.add(new CommittedEntry(++index, 1, randomChange(putShare)));
        if (batch.size() == 200) {
          store.apply(batch);
          batch = new ArrayList<>();
        }
      }
      store.apply(batch);
    } finally {
      store.close();
    }
    assertCountsAgree();
  }

  private InternalRequest randomChange(double putShare) {
    int n = random.nextInt(KEY_SPACE);
    String key = key(n);
    if (random.nextDouble() < putShare) {
      model.add(key);
      return internal(index, put(key, "v"));
    }
    if (random.nextBoolean()) {
      model.remove(key);
      return internal(index, delete(key));
    }
    String end = key(n + 1 + random.nextInt(16));
    model.subSet(key, end).clear();
    return internal(index, delete(key, end));
  }

  /** Keys that sort as their numbers do, a few with a zero byte (escaped in the encoding). */
  private static String key(int n) {
    return String.format(n % 97 == 0 ? "k%05d\0" : "k%05d", n);
  }

  private void assertCountsAgree() {
    Environment env = Environments.newInstance(dir.toFile(), new EnvironmentConfig());
    try {
      XodusStores stores = XodusStores.open(env);
      Transaction txn = env.beginReadonlyTransaction();
      try {
        long revision = Meta.CURRENT_REVISION.read(stores.meta(), txn);
        XodusKvView fromBuckets = XodusKvView.reading(txn, stores);
        XodusKvView fromVersions = XodusKvView.writing(txn, stores, revision, LatestVersions.UNCACHED,
            List.of());
        List<KeyRange> ranges = new ArrayList<>(List.of(
            KeyRange.of(bytes(""), bytes("\0")), KeyRange.of(bytes("k"), bytes("l")),
            KeyRange.of(bytes(key(KEY_SPACE / 2)), bytes("\0"))));
        for (int i = 0; i < 150; i++) {
          int from = random.nextInt(KEY_SPACE);
          int to = from + random.nextInt(i % 2 == 0 ? 20 : 3 * LiveKeys.MAX_BUCKET);
          ranges.add(i % 50 == 0 ? KeyRange.single(bytes(key(from)).toByteArray())
              : KeyRange.of(bytes(key(from)), bytes(key(to))));
        }
        assertEquals(model.size(), fromBuckets.count(ranges.get(0), revision), "all keys");
        for (KeyRange range : ranges) {
          assertEquals(fromVersions.count(range, revision), fromBuckets.count(range, revision),
              range::toString);
        }
      } finally {
        txn.abort();
      }
    } finally {
      env.close();
    }
  }
}
