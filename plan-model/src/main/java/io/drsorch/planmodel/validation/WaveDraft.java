package io.drsorch.planmodel.validation;

import com.fasterxml.jackson.annotation.JsonCreator;
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
 * @param approvalRequired once its dependencies completed, the wave waits for an operator's
 *     approval before it launches; false when not given
 * @param approvalTimeoutMinutes how long it may wait for that approval, 1..1440, only with {@code
 *     approvalRequired}; null = as long as it takes
 * @param optionalServerIds servers of this wave whose launch failure does not fail it; none when
 *     not given
 * @param before actions run in order before the wave launches; none when not given
 * @param after actions run in order once every server launched; the wave completes only when they
 *     succeeded; none when not given
 */
public record WaveDraft(
    String id,
    String name,
    String region,
    List<String> sourceServerIds,
    List<String> dependsOn,
    String protectionGroupId,
    Integer timeoutMinutes,
    boolean approvalRequired,
    Integer approvalTimeoutMinutes,
    List<String> optionalServerIds,
    List<ActionDraft> before,
    List<ActionDraft> after) {

  @JsonCreator
  public WaveDraft {
    sourceServerIds = sourceServerIds == null ? List.of() : sourceServerIds;
    dependsOn = dependsOn == null ? List.of() : dependsOn;
    optionalServerIds = optionalServerIds == null ? List.of() : optionalServerIds;
    before = before == null ? List.of() : before;
    after = after == null ? List.of() : after;
  }

  /** A wave without actions. */
  public WaveDraft(
      String id,
      String name,
      String region,
      List<String> sourceServerIds,
      List<String> dependsOn,
      String protectionGroupId,
      Integer timeoutMinutes,
      boolean approvalRequired,
      Integer approvalTimeoutMinutes,
      List<String> optionalServerIds) {
    this(
        id,
        name,
        region,
        sourceServerIds,
        dependsOn,
        protectionGroupId,
        timeoutMinutes,
        approvalRequired,
        approvalTimeoutMinutes,
        optionalServerIds,
        null,
        null);
  }

  /** A wave without an approval gate or optional servers. */
  public WaveDraft(
      String id,
      String name,
      String region,
      List<String> sourceServerIds,
      List<String> dependsOn,
      String protectionGroupId,
      Integer timeoutMinutes) {
    this(
        id,
        name,
        region,
        sourceServerIds,
        dependsOn,
        protectionGroupId,
        timeoutMinutes,
        false,
        null,
        null,
        null,
        null);
  }

  /** The name to store: the given one, or the id when none was given. */
  public String effectiveName() {
    return name == null || name.isBlank() ? id : name;
  }
}
