package io.drsorch.watcher.poll;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * When each region may be polled again. A throttled or failing region waits (at least what DRS's
 * Retry-After asked, doubling on repeated failures up to a cap) while the others go on.
 */
public final class RegionBackoff {

  private final Duration first;
  private final Duration max;
  private final Map<String, Duration> delays = new HashMap<>();
  private final Map<String, Instant> resumeAt = new HashMap<>();

  public RegionBackoff(Duration first, Duration max) {
    this.first = first;
    this.max = max;
  }

  public boolean mayPoll(String region, Instant now) {
    Instant at = resumeAt.get(region);
    return at == null || !now.isBefore(at);
  }

  /** Returns how long the region now waits. */
  public Duration failed(String region, Integer retryAfterSeconds, Instant now) {
    Duration previous = delays.get(region);
    Duration delay = previous == null ? first : previous.multipliedBy(2);
    if (delay.compareTo(max) > 0) {
      delay = max;
    }
    if (retryAfterSeconds != null && Duration.ofSeconds(retryAfterSeconds).compareTo(delay) > 0) {
      delay = Duration.ofSeconds(retryAfterSeconds);
    }
    delays.put(region, delay);
    resumeAt.put(region, now.plus(delay));
    return delay;
  }

  public void succeeded(String region) {
    delays.remove(region);
    resumeAt.remove(region);
  }
}
