package io.drsorch.schemas.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Partitions held back after a failure that is no record's fault (the registry unreachable, a
 * transaction aborted): the consumer stops fetching that partition for a while, twice as long after
 * each failure of it in a row up to a cap, while every other partition goes on being read. So one
 * partition's trouble never stalls the records of the others, and a lasting outage does not turn
 * into a steady stream of retries.
 *
 * <p>Used from the consumer's own thread only, like the consumer itself.
 */
public final class PartitionPauses {

  private final Duration first;
  private final Duration max;
  private final Clock clock;
  private final Map<TopicPartition, Duration> nextWait = new HashMap<>();
  private final Map<TopicPartition, Instant> heldUntil = new HashMap<>();

  public PartitionPauses(Duration first, Duration max, Clock clock) {
    if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
      throw new IllegalArgumentException(
          "pauses must be positive, first <= max: " + first + ", " + max);
    }
    this.first = first;
    this.max = max;
    this.clock = clock;
  }

  /**
   * Stops fetching {@code partition} for its next wait. The caller has already seeked it back to
   * the record to read again.
   *
   * @return how long it is held
   */
  public Duration hold(Consumer<?, ?> consumer, TopicPartition partition) {
    Duration wait = nextWait.getOrDefault(partition, first);
    Duration doubled = wait.multipliedBy(2);
    nextWait.put(partition, doubled.compareTo(max) > 0 ? max : doubled);
    heldUntil.put(partition, clock.instant().plus(wait));
    if (consumer.assignment().contains(partition)) {
      consumer.pause(List.of(partition));
    }
    return wait;
  }

  /** Resumes the partitions whose wait is over; to be called before each poll. */
  public void releaseDue(Consumer<?, ?> consumer) {
    if (heldUntil.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    Set<TopicPartition> assigned = consumer.assignment();
    List<TopicPartition> due = new ArrayList<>();
    heldUntil.forEach(
        (partition, until) -> {
          if (!now.isBefore(until)) {
            due.add(partition);
          }
        });
    due.forEach(heldUntil::remove);
    List<TopicPartition> mine = due.stream().filter(assigned::contains).toList();
    if (!mine.isEmpty()) {
      consumer.resume(mine);
    }
  }

  /** A partition whose records went through: its next failure waits the shortest time again. */
  public void succeeded(TopicPartition partition) {
    if (!heldUntil.containsKey(partition)) {
      nextWait.remove(partition);
    }
  }

  /** Partitions no longer ours: a new owner starts them without a pause. */
  public void forget(Collection<TopicPartition> partitions) {
    partitions.forEach(
        p -> {
          heldUntil.remove(p);
          nextWait.remove(p);
        });
  }

  public boolean isHeld(TopicPartition partition) {
    return heldUntil.containsKey(partition);
  }
}
