package io.drsorch.planmodel.validation;

import java.util.List;

/**
 * One wave of a plan as a user submitted it, before validation: every field may be missing.
 *
 * @param id unique within the plan, {@code [A-Za-z0-9_-]{1,64}}
 * @param name display name; defaults to the id
 * @param region AWS region the wave recovers into, e.g. {@code us-east-1}
 * @param sourceServerIds explicit servers, or a subset of the protection group's
 * @param dependsOn ids of waves that must complete before this one starts
 * @param protectionGroupId take the servers from this protection group
 * @param timeoutMinutes per-wave timeout, 1..1440; null = the scheduler's default
 */
public record WaveDraft(
    String id,
    String name,
    String region,
    List<String> sourceServerIds,
    List<String> dependsOn,
    String protectionGroupId,
    Integer timeoutMinutes) {

  public WaveDraft {
    sourceServerIds = sourceServerIds == null ? List.of() : sourceServerIds;
    dependsOn = dependsOn == null ? List.of() : dependsOn;
  }

  /** The name to store: the given one, or the id when none was given. */
  public String effectiveName() {
    return name == null || name.isBlank() ? id : name;
  }
}
