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
 */
public record PlanDraft(
    String name,
    String description,
    List<WaveDraft> waves,
    Integer waveTimeoutMinutes,
    Integer executionTimeoutMinutes) {

  @JsonCreator
  public PlanDraft {
    waves = waves == null ? List.of() : waves;
  }

  /** A plan without plan-level timeouts. */
  public PlanDraft(String name, String description, List<WaveDraft> waves) {
    this(name, description, waves, null, null);
  }
}
