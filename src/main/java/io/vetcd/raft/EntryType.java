package io.vetcd.raft;

/** What an entry's data means; stable numbers, because they are written to the WAL. */
public enum EntryType {
  NORMAL(0),
  CONF_CHANGE(1);

  public final int number;

  EntryType(int number) {
    this.number = number;
  }

  public static EntryType of(int number) {
    for (EntryType t : values()) {
      if (t.number == number) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown entry type " + number);
  }
}
