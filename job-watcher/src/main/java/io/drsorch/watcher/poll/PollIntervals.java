package io.drsorch.watcher.poll;

import java.time.Duration;

/**
 * How long a job waits between two polls. A job is polled at {@code min} once its age passes {@code
 * nearEnd} of the duration its region's jobs have been taking, and before that only as often as
 * needed to reach that point in time, but at least every {@code max}: few calls while a job has
 * just started, quick detection when it is likely to end. Without a learned duration the watcher
 * knows nothing better than {@code min}.
 *
 * @param min shortest wait, {@code watcher.poll.min}
 * @param max longest wait, {@code watcher.poll.max}; also the slowest detection of a job that ends
 *     much earlier than expected and whose end event was lost
 * @param nearEnd fraction (0, 1] of the expected duration from which a job is polled at {@code min}
 */
public record PollIntervals(Duration min, Duration max, double nearEnd) {

  public static final double DEFAULT_NEAR_END = 0.75;

  public PollIntervals {
    if (min == null || min.isNegative() || min.isZero()) {
      throw new IllegalArgumentException("watcher.poll.min must be positive, got " + min);
    }
    if (max == null || max.compareTo(min) < 0) {
      throw new IllegalArgumentException(
          "watcher.poll.max must be at least watcher.poll.min (" + min + "), got " + max);
    }
    if (!(nearEnd > 0 && nearEnd <= 1)) {
      throw new IllegalArgumentException("watcher.poll.near.end must be in (0, 1], got " + nearEnd);
    }
  }

  /** One fixed interval: {@code watcher.poll.interval}. */
  public static PollIntervals fixed(Duration interval) {
    return new PollIntervals(interval, interval, DEFAULT_NEAR_END);
  }

  /**
   * The wait after a poll of a job that was {@code age} old then.
   *
   * @param age how long the job had existed (DRS's creationDateTime) when it was polled; null when
   *     unknown
   * @param expected the typical duration of its region's jobs; null when none has been learned
   */
  public Duration interval(Duration age, Duration expected) {
    if (age == null || expected == null) {
      return min;
    }
    Duration nearEndAt = Duration.ofMillis(Math.round(expected.toMillis() * nearEnd));
    Duration untilNearEnd = nearEndAt.minus(age);
    return clamp(untilNearEnd);
  }

  private Duration clamp(Duration wait) {
    if (wait.compareTo(min) < 0) {
      return min;
    }
    return wait.compareTo(max) > 0 ? max : wait;
  }
}
