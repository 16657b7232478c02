package io.drsorch.watcher.poll;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How long DRS jobs take in each region (creationDateTime to endDateTime, DRS's own clock),
 * exponentially weighted so that the estimate follows a region whose jobs get faster or slower.
 * Held in memory only: after a restart the watcher polls at the min interval until a job completes.
 * Used by the poller thread only.
 */
public final class JobDurations {

  /** Weight of the newest duration: a handful of jobs dominate the estimate. */
  static final double WEIGHT = 0.3;

  private final Map<String, Double> expectedMillis = new HashMap<>();

  public void completed(String region, Duration took) {
    if (took.isNegative()) {
      return; // clocks disagree: learn nothing rather than something wrong
    }
    double millis = took.toMillis();
    expectedMillis.merge(region, millis, (old, now) -> old + WEIGHT * (now - old));
  }

  /** The expected duration of a job of {@code region}, or null when none completed yet. */
  public Duration expected(String region) {
    Double millis = expectedMillis.get(region);
    return millis == null ? null : Duration.ofMillis(Math.round(millis));
  }
}
