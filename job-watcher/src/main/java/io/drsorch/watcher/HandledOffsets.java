package io.drsorch.watcher;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Which records of drs.wave-events the watcher's group has handled before, and which offsets it has
 * committed since. The watcher replays every assigned partition from the beginning to rebuild its
 * state, but what it does once per record (dead-lettering an unreadable one) must happen only for
 * records at or beyond the offset its group had committed when the partition was assigned.
 *
 * <p>Used by the consumer thread only (its rebalance listener runs on that thread too).
 */
final class HandledOffsets {

  private final Map<Integer, Long> handledBefore = new HashMap<>();
  private final Map<Integer, Long> committed = new HashMap<>();

  /** A partition was assigned; {@code committedOffset} is the group's, 0 when it has none. */
  void assigned(int partition, long committedOffset) {
    handledBefore.put(partition, committedOffset);
    committed.put(partition, committedOffset);
  }

  void revoked(Collection<Integer> partitions) {
    partitions.forEach(
        p -> {
          handledBefore.remove(p);
          committed.remove(p);
        });
  }

  /** True when the group handled this record before the partition was (re)assigned to us. */
  boolean handledBefore(int partition, long offset) {
    return offset < handledBefore.getOrDefault(partition, Long.MAX_VALUE);
  }

  /**
   * The positions worth committing: only those beyond what is committed, so that a partition still
   * replaying never moves its group's offset backwards.
   */
  Map<Integer, Long> advanced(Map<Integer, Long> positions) {
    Map<Integer, Long> ahead = new HashMap<>();
    positions.forEach(
        (partition, position) -> {
          Long done = committed.get(partition);
          if (done != null && position > done) {
            ahead.put(partition, position);
          }
        });
    return ahead;
  }

  /** The last committed offset of an assigned partition, or null when it is not assigned. */
  Long committed(int partition) {
    return committed.get(partition);
  }

  void committed(Map<Integer, Long> offsets) {
    offsets.forEach((partition, offset) -> committed.computeIfPresent(partition, (p, o) -> offset));
  }
}
