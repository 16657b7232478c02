package io.drsorch.simulator.account;

import java.time.Duration;

/**
 * What {@code PUT /_sim/config} sets besides events: the timing and quotas that jobs are created
 * under, and how often replicating servers take recovery snapshots. One instance is shared by every
 * simulated account, so a test configures the simulator once whatever account its calls land in;
 * each account still counts its own jobs and servers against the quotas.
 */
public final class JobRules {

  /** DRS's default point-in-time policy takes a snapshot every 10 minutes. */
  public static final Duration DEFAULT_SNAPSHOT_INTERVAL = Duration.ofMinutes(10);

  private volatile Timing timing;
  private volatile Limits limits;
  private volatile Duration snapshotInterval;

  public JobRules(Timing timing, Limits limits) {
    this(timing, limits, DEFAULT_SNAPSHOT_INTERVAL);
  }

  public JobRules(Timing timing, Limits limits, Duration snapshotInterval) {
    this.timing = timing;
    this.limits = limits;
    this.snapshotInterval = requireInterval(snapshotInterval);
  }

  public Timing timing() {
    return timing;
  }

  public void setTiming(Timing timing) {
    this.timing = timing;
  }

  public Limits limits() {
    return limits;
  }

  public void setLimits(Limits limits) {
    this.limits = limits;
  }

  public Duration snapshotInterval() {
    return snapshotInterval;
  }

  /** Only the interval itself: servers already replicating are rescheduled by {@link Accounts}. */
  void setSnapshotInterval(Duration snapshotInterval) {
    this.snapshotInterval = requireInterval(snapshotInterval);
  }

  /** At least a millisecond, the precision of every DRS timestamp. */
  public static Duration requireInterval(Duration interval) {
    if (interval == null || interval.toMillis() < 1) {
      throw new IllegalArgumentException(
          "snapshotIntervalSeconds must be at least 0.001 (a millisecond), got " + interval);
    }
    return interval;
  }
}
