package io.drsorch.plans.plans;

import io.drsorch.avro.PlanWave;
import io.drsorch.avro.RecoveryPlan;
import java.time.Instant;
import java.util.List;

/** A stored plan as the API shows it; PUT accepts it back as is. */
public record PlanResponse(
    String planId,
    String name,
    String description,
    long version,
    Instant updatedAt,
    List<Wave> waves,
    Integer waveTimeoutMinutes,
    Integer executionTimeoutMinutes,
    Integer maxReplicationLagMinutes,
    Integer rtoTargetMinutes,
    Integer drillCleanupAfterMinutes) {

  public record Wave(
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

    static Wave of(PlanWave wave) {
      return new Wave(
          wave.getId(),
          wave.getName(),
          wave.getRegion(),
          List.copyOf(wave.getSourceServerIds()),
          List.copyOf(wave.getDependsOn()),
          wave.getProtectionGroupId(),
          wave.getTimeoutMinutes(),
          wave.getApprovalRequired(),
          wave.getApprovalTimeoutMinutes(),
          List.copyOf(wave.getOptionalServerIds()));
    }
  }

  static PlanResponse of(RecoveryPlan plan) {
    return new PlanResponse(
        plan.getPlanId(),
        plan.getName(),
        plan.getDescription(),
        plan.getVersion(),
        plan.getUpdatedAt(),
        plan.getWaves().stream().map(Wave::of).toList(),
        plan.getWaveTimeoutMinutes(),
        plan.getExecutionTimeoutMinutes(),
        plan.getMaxReplicationLagMinutes(),
        plan.getRtoTargetMinutes(),
        plan.getDrillCleanupAfterMinutes());
  }
}
