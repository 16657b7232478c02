package io.drsorch.scheduler.core;

import java.time.Duration;
import java.util.Map;

/**
 * How refused launches are retried and how long a wave may take. Backoff doubles from {@code
 * backoffBase} per attempt up to {@code backoffCap}, scaled by a jitter factor in [0.5, 1] derived
 * from the attempt's request id, so that waves refused together spread out and a replay computes
 * the same due time. DRS's Retry-After wins when it is longer.
 *
 * @param maxAttempts launch attempts per wave, the first one included
 * @param defaultWaveTimeout how long a wave may stay LAUNCHING/RUNNING when neither it nor its plan
 *     sets a timeout; zero = no limit
 * @param defaultExecutionTimeout how long an execution may run when its plan sets no timeout; zero
 *     = no limit
 */
public record RetryPolicy(
    int maxAttempts,
    Duration backoffBase,
    Duration backoffCap,
    Duration defaultWaveTimeout,
    Duration defaultExecutionTimeout) {

  public static final RetryPolicy DEFAULT =
      new RetryPolicy(
          5,
          Duration.ofSeconds(1),
          Duration.ofSeconds(60),
          Duration.ofMinutes(60),
          Duration.ofHours(24));

  /**
   * The policy as the scheduler is deployed with it, read from the same environment variables the
   * scheduler reads ({@code SCHEDULER_LAUNCH_MAX_ATTEMPTS}, {@code SCHEDULER_LAUNCH_BACKOFF},
   * {@code SCHEDULER_WAVE_TIMEOUT}, {@code SCHEDULER_EXECUTION_TIMEOUT}; durations ISO-8601), the
   * others those of {@link #DEFAULT}: so that {@code drctl audit --verify} replays with the
   * scheduler's own policy.
   */
  public static RetryPolicy fromEnvironment(Map<String, String> env) {
    return new RetryPolicy(
        whole(env, "SCHEDULER_LAUNCH_MAX_ATTEMPTS", DEFAULT.maxAttempts()),
        duration(env, "SCHEDULER_LAUNCH_BACKOFF", DEFAULT.backoffBase()),
        DEFAULT.backoffCap(),
        duration(env, "SCHEDULER_WAVE_TIMEOUT", DEFAULT.defaultWaveTimeout()),
        duration(env, "SCHEDULER_EXECUTION_TIMEOUT", DEFAULT.defaultExecutionTimeout()));
  }

  private static int whole(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got: " + value);
    }
  }

  private static Duration duration(Map<String, String> env, String name, Duration fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Duration.parse(value.trim());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          name + " must be an ISO-8601 duration such as PT1S, got: " + value);
    }
  }

  /** A policy whose executions have no overall time limit. */
  public RetryPolicy(
      int maxAttempts, Duration backoffBase, Duration backoffCap, Duration defaultWaveTimeout) {
    this(maxAttempts, backoffBase, backoffCap, defaultWaveTimeout, Duration.ZERO);
  }

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
  }

  /** Delay before the attempt after {@code failedAttempt} (1-based) of {@code requestId}. */
  public Duration retryDelay(String requestId, int failedAttempt, Integer retryAfterSeconds) {
    long base = backoffBase.toMillis();
    long exponential = base << Math.min(Math.max(failedAttempt - 1, 0), 20);
    long capped = Math.min(exponential, backoffCap.toMillis());
    double jitter = 0.5 + 0.5 * ((requestId.hashCode() & 0xffff) / 65535.0);
    long backoff = Math.round(capped * jitter);
    long retryAfter = retryAfterSeconds == null ? 0 : retryAfterSeconds * 1000L;
    return Duration.ofMillis(Math.max(backoff, retryAfter));
  }

  /** The timeout of a wave: its own, else its plan's, else the default. Null when there is none. */
  public Duration timeoutOf(ExecutionState execution, WaveState wave) {
    return firstOf(wave.timeoutMinutes(), execution.waveTimeoutMinutes(), defaultWaveTimeout);
  }

  /** The timeout of an execution: its plan's, else the default. Null when there is none. */
  public Duration timeoutOf(ExecutionState execution) {
    return firstOf(execution.executionTimeoutMinutes(), null, defaultExecutionTimeout);
  }

  private static Duration firstOf(Integer own, Integer inherited, Duration fallback) {
    if (own != null && own > 0) {
      return Duration.ofMinutes(own);
    }
    if (inherited != null && inherited > 0) {
      return Duration.ofMinutes(inherited);
    }
    return fallback.isZero() || fallback.isNegative() ? null : fallback;
  }
}
