package io.drsorch.planmodel.records;

import io.drsorch.avro.PlanWave;
import io.drsorch.avro.RecoveryPlan;
import io.drsorch.planmodel.validation.PlanDraft;
import io.drsorch.planmodel.validation.WaveDraft;
import java.time.Instant;
import java.util.List;

/** Converts between what users submit (drafts) and what the plans topic stores. */
public final class PlanDrafts {

  private PlanDrafts() {}

  /** A stored plan as a draft, to validate it again against changed protection groups. */
  public static PlanDraft of(RecoveryPlan plan) {
    return new PlanDraft(
        plan.getName(),
        plan.getDescription(),
        plan.getWaves().stream()
            .map(
                wave ->
                    new WaveDraft(
                        wave.getId(),
                        wave.getName(),
                        wave.getRegion(),
                        wave.getSourceServerIds(),
                        wave.getDependsOn(),
                        wave.getProtectionGroupId(),
                        wave.getTimeoutMinutes(),
                        wave.getApprovalRequired(),
                        wave.getApprovalTimeoutMinutes(),
                        wave.getOptionalServerIds(),
                        WaveActions.drafts(wave.getBefore()),
                        WaveActions.drafts(wave.getAfter())))
            .toList(),
        plan.getWaveTimeoutMinutes(),
        plan.getExecutionTimeoutMinutes(),
        plan.getMaxReplicationLagMinutes(),
        plan.getRtoTargetMinutes(),
        plan.getDrillCleanupAfterMinutes());
  }

  /** A validated draft as the record to store, wave names defaulted to ids. */
  public static RecoveryPlan toRecord(
      String planId, PlanDraft draft, long version, Instant updatedAt) {
    List<PlanWave> waves =
        draft.waves().stream()
            .map(
                wave ->
                    PlanWave.newBuilder()
                        .setId(wave.id())
                        .setName(wave.effectiveName())
                        .setRegion(wave.region())
                        .setSourceServerIds(List.copyOf(wave.sourceServerIds()))
                        .setProtectionGroupId(wave.protectionGroupId())
                        .setDependsOn(List.copyOf(wave.dependsOn()))
                        .setTimeoutMinutes(wave.timeoutMinutes())
                        .setApprovalRequired(wave.approvalRequired())
                        .setApprovalTimeoutMinutes(wave.approvalTimeoutMinutes())
                        .setOptionalServerIds(List.copyOf(wave.optionalServerIds()))
                        .setBefore(WaveActions.records(wave.before()))
                        .setAfter(WaveActions.records(wave.after()))
                        .build())
            .toList();
    return RecoveryPlan.newBuilder()
        .setPlanId(planId)
        .setName(draft.name())
        .setDescription(draft.description())
        .setVersion(version)
        .setUpdatedAt(updatedAt)
        .setWaves(waves)
        .setWaveTimeoutMinutes(draft.waveTimeoutMinutes())
        .setExecutionTimeoutMinutes(draft.executionTimeoutMinutes())
        .setMaxReplicationLagMinutes(draft.maxReplicationLagMinutes())
        .setRtoTargetMinutes(draft.rtoTargetMinutes())
        .setDrillCleanupAfterMinutes(draft.drillCleanupAfterMinutes())
        .build();
  }
}
