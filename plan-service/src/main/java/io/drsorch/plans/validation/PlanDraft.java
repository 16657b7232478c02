package io.drsorch.plans.validation;

import java.util.List;

/**
 * A recovery plan as a user submitted it (JSON, YAML or a file the CLI reads), before validation.
 *
 * @param name required
 * @param description optional free text
 * @param waves at least one
 */
public record PlanDraft(String name, String description, List<WaveDraft> waves) {

  public PlanDraft {
    waves = waves == null ? List.of() : waves;
  }
}
