/**
 * The write-ahead log: what a member must have on disk before it acknowledges a proposal, casts a
 * vote or sends an append, and what it reads back after a crash.
 *
 * <p>On disk, a directory of segment files {@code <sequence>-<first index>.wal} (16 hex digits
 * each, so they sort in log order), plus a {@code LOCK} file held while the WAL is open. Each
 * segment starts with a METADATA record (format version, sequence, first index, member
 * metadata), followed by the latest SNAPSHOT marker and HARD_STATE carried over from the segment
 * before, so that older segments can be deleted. Then come the records of each save, in the frame
 * described in {@link io.vetcd.consensus.wal.RecordFrame}. A new segment is written and fsynced
 * under a temporary name and only then renamed, so a named segment always has a whole header.
 *
 * <p>Recovery reads every segment and keeps records while their CRC holds. What follows the last
 * valid record decides the outcome:
 *
 * <ul>
 *   <li>nothing, or only zeros (preallocation): a clean end;
 *   <li>other bytes at the end of the last segment, with no valid start of a later save after
 *       them: the torn, unacknowledged last save; it is cut off and appending resumes there;
 *   <li>anything else: a record that may have been acknowledged is damaged, and opening fails
 *       with {@link io.vetcd.consensus.wal.WalCorruptException} naming the file and offset.
 * </ul>
 *
 * <p>Replay then checks what CRCs cannot: segment sequence numbers have no hole, each segment
 * starts where the log before it ended, and no entry index leaves a gap.
 */
package io.vetcd.consensus.wal;
