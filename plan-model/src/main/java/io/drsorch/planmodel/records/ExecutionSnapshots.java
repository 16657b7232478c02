package io.drsorch.planmodel.records;

import io.drsorch.avro.ExecutionMode;
import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionWave;
import io.drsorch.avro.PlanWave;
import io.drsorch.avro.ProtectionGroup;
import io.drsorch.avro.RecoveryPlan;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Freezes a plan into an {@link ExecutionRequested}: every wave carries its resolved servers (a
 * protection group becomes its servers, or the subset the wave names) and the group's account, so
 * the execution never looks at plans or groups again and later edits cannot change it. The plan's
 * timeouts, approval gates, optional servers, RTO target and drill cleanup delay are frozen with
 * it. A request frozen from a plan is a first run: nothing carried over, no execution retried (see
 * {@link ExecutionRetries}), no point in time and no pre-flight verdict (the caller adds those:
 * they come from the request, not from the plan).
 */
public final class ExecutionSnapshots {

  private ExecutionSnapshots() {}

  /**
   * @param plan a plan that is valid against {@code groups}
   * @param groups the protection groups as they are now
   * @throws IllegalStateException when a wave names a group that does not exist
   */
  public static ExecutionRequested freeze(
      RecoveryPlan plan,
      Function<String, Optional<ProtectionGroup>> groups,
      ExecutionMode mode,
      String requestedBy,
      String recordId,
      String executionId,
      Instant now) {
    List<ExecutionWave> waves = resolveWaves(plan, groups);
    return ExecutionRequested.newBuilder()
        .setId(recordId)
        .setExecutionId(executionId)
        .setOccurredAt(now)
        .setCausationId(null)
        .setPlanId(plan.getPlanId())
        .setPlanVersion(plan.getVersion())
        .setPlanName(plan.getName())
        .setMode(mode)
        .setRequestedBy(requestedBy)
        .setWaves(waves)
        .setWaveTimeoutMinutes(plan.getWaveTimeoutMinutes())
        .setExecutionTimeoutMinutes(plan.getExecutionTimeoutMinutes())
        .setRetryOf(null)
        .setPointInTime(null)
        .setPreflight(null)
        .setRtoTargetMinutes(plan.getRtoTargetMinutes())
        .setDrillCleanupAfterMinutes(plan.getDrillCleanupAfterMinutes())
        .build();
  }

  /**
   * The plan's waves as an execution would launch them, servers resolved: what the pre-flight
   * readiness check looks up in DRS, so that it checks exactly the servers a start would launch.
   *
   * @throws IllegalStateException when a wave names a group that does not exist
   */
  public static List<ExecutionWave> resolveWaves(
      RecoveryPlan plan, Function<String, Optional<ProtectionGroup>> groups) {
    return plan.getWaves().stream().map(w -> resolve(w, groups)).toList();
  }

  private static ExecutionWave resolve(
      PlanWave wave, Function<String, Optional<ProtectionGroup>> groups) {
    List<String> servers = List.copyOf(wave.getSourceServerIds());
    String accountId = null;
    String roleArn = null;
    if (wave.getProtectionGroupId() != null) {
      ProtectionGroup group =
          groups
              .apply(wave.getProtectionGroupId())
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "wave "
                              + wave.getId()
                              + " names unknown protection group "
                              + wave.getProtectionGroupId()));
      if (servers.isEmpty()) {
        servers = List.copyOf(group.getSourceServerIds());
      }
      accountId = group.getAccountId();
      roleArn = group.getRoleArn();
    }
    return ExecutionWave.newBuilder()
        .setWaveId(wave.getId())
        .setName(wave.getName())
        .setRegion(wave.getRegion())
        .setSourceServerIds(servers)
        .setDependsOn(List.copyOf(wave.getDependsOn()))
        .setAccountId(accountId)
        .setRoleArn(roleArn)
        .setTimeoutMinutes(wave.getTimeoutMinutes())
        .setApprovalRequired(wave.getApprovalRequired())
        .setApprovalTimeoutMinutes(wave.getApprovalTimeoutMinutes())
        .setOptionalServerIds(List.copyOf(wave.getOptionalServerIds()))
        .setBefore(List.copyOf(wave.getBefore()))
        .setAfter(List.copyOf(wave.getAfter()))
        .setCarriedOver(null)
        .build();
  }
}
