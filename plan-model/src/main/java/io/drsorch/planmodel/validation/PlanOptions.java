package io.drsorch.planmodel.validation;

/**
 * Bounds and defaults of a plan's drill-lifecycle options: how stale a drill's data may be, the
 * recovery time objective and when a drill is cleaned up. They sit beside {@link
 * io.drsorch.schemas.limits.PlanLimits} but here, because only plan validation and the pre-flight
 * check read them: no record's size depends on them.
 */
public final class PlanOptions {

  /** A DRILL's pre-flight refuses a server whose replication lags more than this, when unset. */
  public static final int DEFAULT_MAX_REPLICATION_LAG_MINUTES = 15;

  /**
   * {@code maxReplicationLagMinutes}: 1 minute to a week (DRS keeps a week of snapshots at most).
   */
  public static final int MIN_REPLICATION_LAG_MINUTES = 1;

  public static final int MAX_REPLICATION_LAG_MINUTES = 10080;

  /** {@code rtoTargetMinutes}: 1 minute to a year; a longer objective means none. */
  public static final int MIN_RTO_TARGET_MINUTES = 1;

  public static final int MAX_RTO_TARGET_MINUTES = 525600;

  /**
   * {@code drillCleanupAfterMinutes}: 0 (as soon as the drill ended) to a week; unset means only
   * when an operator asks.
   */
  public static final int MIN_DRILL_CLEANUP_AFTER_MINUTES = 0;

  public static final int MAX_DRILL_CLEANUP_AFTER_MINUTES = 10080;

  private PlanOptions() {}

  /** The lag a DRILL tolerates: the plan's, else {@link #DEFAULT_MAX_REPLICATION_LAG_MINUTES}. */
  public static int maxReplicationLagMinutes(Integer planValue) {
    return planValue == null ? DEFAULT_MAX_REPLICATION_LAG_MINUTES : planValue;
  }
}
