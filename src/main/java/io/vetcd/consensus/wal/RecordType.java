package io.vetcd.consensus.wal;

/** What a WAL record holds. The numbers are written to disk and must never change. */
enum RecordType {
  /** First record of every segment: format version, segment sequence, first index, member data. */
  METADATA(1),
  ENTRY(2),
  HARD_STATE(3),
  /** The log up to this index is covered by a snapshot; earlier entries are not recovered. */
  SNAPSHOT(4);

  final int number;

  RecordType(int number) {
    this.number = number;
  }

  /** The type with this number, or null: an unknown number means the bytes are not a record. */
  static RecordType ofNumber(int number) {
    for (RecordType type : values()) {
      if (type.number == number) {
        return type;
      }
    }
    return null;
  }
}
