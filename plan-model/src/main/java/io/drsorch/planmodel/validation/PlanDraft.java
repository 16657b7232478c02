package io.drsorch.planmodel.validation;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.drsorch.schemas.limits.PlanLimits;
import java.util.List;

/**
 * A recovery plan as a user submitted it (JSON, YAML or a file the CLI reads), before validation.
 *
 * @param name required, at most {@link PlanLimits#MAX_NAME_LENGTH} characters
 * @param description optional free text, at most {@link PlanLimits#MAX_DESCRIPTION_LENGTH}
 * @param waves at least one, at most {@link PlanLimits#MAX_WAVES}
 * @param waveTimeoutMinutes default timeout of each wave that sets none, 1..1440; null = the
 *     scheduler's default
 * @param executionTimeoutMinutes timeout of a whole execution, 1..10080; null = the scheduler's
 *     default
 * @param maxReplicationLagMinutes the most a server's replication may lag for a DRILL's pre-flight
 *     to find it ready, 1..10080; null = {@link PlanOptions#DEFAULT_MAX_REPLICATION_LAG_MINUTES}
 * @param rtoTargetMinutes the recovery time objective, request to last wave completed, 1..525600;
 *     null = none
 * @param drillCleanupAfterMinutes terminate a drill's recovery instances this long after it ended,
 *     0..10080; null = only when asked
 */
public record PlanDraft(
    String name,
    String description,
    List<WaveDraft> waves,
    Integer waveTimeoutMinutes,
    Integer executionTimeoutMinutes,
    Integer maxReplicationLagMinutes,
    Integer rtoTargetMinutes,
    Integer drillCleanupAfterMinutes) {

  @JsonCreator
  public PlanDraft {
    waves = waves == null ? List.of() : waves;
  }

  /** A plan without drill-lifecycle options (pre-flight lag, RTO, drill cleanup). */
  public PlanDraft(
      String name,
      String description,
      List<WaveDraft> waves,
      Integer waveTimeoutMinutes,
      Integer executionTimeoutMinutes) {
    this(name, description, waves, waveTimeoutMinutes, executionTimeoutMinutes, null, null, null);
  }

  /** A plan without plan-level timeouts. */
  public PlanDraft(String name, String description, List<WaveDraft> waves) {
    this(name, description, waves, null, null);
  }
}
