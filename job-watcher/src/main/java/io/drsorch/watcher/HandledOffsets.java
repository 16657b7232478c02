package io.drsorch.watcher;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Which records of drs.wave-events the watcher's group has handled before, and which offsets it has
 * committed since. The watcher replays every assigned partition from the beginning to rebuild its
 * state, but what it does once per record (dead-lettering an unreadable one) must happen only for
 * records at or beyond the offset its group had committed when the partition was assigned.
 *
 * <p>It also knows which records read are still to be dead-lettered: no offset past one of them is
 * committed (by the periodic commit, a rebalance or the way out) until its letter is written, or
 * the next owner would take it as handled and its letter would never be written.
 *
 * <p>Used by the consumer thread only (its rebalance listener runs on that thread too).
 */
final class HandledOffsets {

  private final Map<Integer, Long> handledBefore = new HashMap<>();
  private final Map<Integer, Long> committed = new HashMap<>();
  private final Map<Integer, NavigableSet<Long>> unwritten = new HashMap<>();

  /** A partition was assigned; {@code committedOffset} is the group's, 0 when it has none. */
  void assigned(int partition, long committedOffset) {
    handledBefore.put(partition, committedOffset);
    committed.put(partition, committedOffset);
    unwritten.remove(partition);
  }

  void revoked(Collection<Integer> partitions) {
    partitions.forEach(
        p -> {
          handledBefore.remove(p);
          committed.remove(p);
          unwritten.remove(p);
        });
  }

  /**
   * Forgets every partition: what the group committed is unknown (a transaction of dead letters and
   * offsets whose outcome is unknown) until partitions are assigned again, and nothing is committed
   * until then.
   */
  void forgetAll() {
    handledBefore.clear();
    committed.clear();
    unwritten.clear();
  }

  /** A record read is to be dead-lettered: nothing past it is committed until it is written. */
  void toWrite(int partition, long offset) {
    unwritten.computeIfAbsent(partition, p -> new TreeSet<>()).add(offset);
  }

  /** A record's letter was written, or the record was applied when read again. */
  void written(int partition, long offset) {
    NavigableSet<Long> offsets = unwritten.get(partition);
    if (offsets != null && offsets.remove(offset) && offsets.isEmpty()) {
      unwritten.remove(partition);
    }
  }

  /** True when the group handled this record before the partition was (re)assigned to us. */
  boolean handledBefore(int partition, long offset) {
    return offset < handledBefore.getOrDefault(partition, Long.MAX_VALUE);
  }

  /**
   * The positions worth committing: only those beyond what is committed, so that a partition still
   * replaying never moves its group's offset backwards, and none past a record whose letter is not
   * written.
   */
  Map<Integer, Long> advanced(Map<Integer, Long> positions) {
    return advanced(positions, List.of());
  }

  /**
   * The positions worth committing with the letters of these records, which commit in the same
   * transaction: only other records whose letters are not written hold a position back.
   *
   * @param writing partition and offset of each record whose letter goes with the offsets
   */
  Map<Integer, Long> advanced(
      Map<Integer, Long> positions, Collection<Map.Entry<Integer, Long>> writing) {
    Map<Integer, Long> ahead = new HashMap<>();
    positions.forEach(
        (partition, position) -> {
          Long done = committed.get(partition);
          long upTo = Math.min(position, firstUnwritten(partition, writing));
          if (done != null && upTo > done) {
            ahead.put(partition, upTo);
          }
        });
    return ahead;
  }

  private long firstUnwritten(int partition, Collection<Map.Entry<Integer, Long>> writing) {
    NavigableSet<Long> offsets = unwritten.get(partition);
    if (offsets == null) {
      return Long.MAX_VALUE;
    }
    for (long offset : offsets) {
      if (!writing.contains(Map.entry(partition, offset))) {
        return offset;
      }
    }
    return Long.MAX_VALUE;
  }

  /** The last committed offset of an assigned partition, or null when it is not assigned. */
  Long committed(int partition) {
    return committed.get(partition);
  }

  void committed(Map<Integer, Long> offsets) {
    offsets.forEach((partition, offset) -> committed.computeIfPresent(partition, (p, o) -> offset));
  }
}
