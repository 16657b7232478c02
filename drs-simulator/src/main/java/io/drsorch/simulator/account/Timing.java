package io.drsorch.simulator.account;

import java.time.Duration;

/**
 * How long a job stays in each status: {@code PENDING} for {@code pending}, then {@code STARTED}
 * for {@code started} plus a uniform random extra of up to {@code jitter}. Durations are whole
 * milliseconds so that the timestamps the API shows are exactly the ones the lifecycle uses.
 */
public record Timing(Duration pending, Duration started, Duration jitter) {

  public Timing {
    requireNotNegative("pending", pending);
    requireNotNegative("started", started);
    requireNotNegative("jitter", jitter);
  }

  public static Timing ofSeconds(double pending, double started, double jitter) {
    return new Timing(
        millis("pending", pending), millis("started", started), millis("jitter", jitter));
  }

  public double pendingSeconds() {
    return pending.toMillis() / 1000.0;
  }

  public double startedSeconds() {
    return started.toMillis() / 1000.0;
  }

  public double jitterSeconds() {
    return jitter.toMillis() / 1000.0;
  }

  private static Duration millis(String name, double seconds) {
    if (!Double.isFinite(seconds) || seconds < 0) {
      throw new IllegalArgumentException(name + " seconds must be a number >= 0, got " + seconds);
    }
    return Duration.ofMillis(Math.round(seconds * 1000));
  }

  private static void requireNotNegative(String name, Duration value) {
    if (value == null || value.isNegative()) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + value);
    }
  }
}
