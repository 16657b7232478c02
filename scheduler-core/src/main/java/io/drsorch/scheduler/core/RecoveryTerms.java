package io.drsorch.scheduler.core;

import io.drsorch.avro.ExecutionRequested;
import java.time.Instant;

/**
 * What an execution was asked to recover to and be judged by, frozen with the plan.
 *
 * @param pointInTime every server launches from its newest snapshot at or before it; null = the
 *     latest data
 * @param preflight the readiness check made before the request; null = not checked
 * @param rtoTargetMinutes the recovery time objective; null = none
 * @param drillCleanupAfterMinutes a drill's instances are terminated this long after it ended; null
 *     = only when asked
 */
public record RecoveryTerms(
    Instant pointInTime,
    Preflight preflight,
    Integer rtoTargetMinutes,
    Integer drillCleanupAfterMinutes) {

  public static final RecoveryTerms NONE = new RecoveryTerms(null, null, null, null);

  public static RecoveryTerms of(ExecutionRequested request) {
    return new RecoveryTerms(
        request.getPointInTime(),
        Preflight.of(request.getPreflight()),
        request.getRtoTargetMinutes(),
        request.getDrillCleanupAfterMinutes());
  }
}
