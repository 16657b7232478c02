package io.drsorch.planmodel.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.ExecutionMode;
import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionStatus;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.ExecutionWave;
import io.drsorch.avro.LaunchStatus;
import io.drsorch.avro.PreflightMode;
import io.drsorch.avro.PreflightVerdict;
import io.drsorch.avro.ProtectionGroup;
import io.drsorch.avro.RecoveryPlan;
import io.drsorch.avro.RtoEvidence;
import io.drsorch.avro.ServerLaunch;
import io.drsorch.avro.WaveStatus;
import io.drsorch.avro.WaveView;
import io.drsorch.planmodel.validation.ExecutionRequestValidator;
import io.drsorch.planmodel.validation.PlanDraft;
import io.drsorch.planmodel.validation.WaveDraft;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The drill-lifecycle options travel with the plan: stored, read back as a draft, frozen into every
 * execution, and carried by a retry with the retried execution's point in time.
 */
class DrillLifecycleFreezeTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final String S1 = String.format("s-%017d", 1);

  private static PlanDraft draft(Integer lag, Integer rto, Integer cleanup) {
    WaveDraft wave = new WaveDraft("db", null, "us-east-1", List.of(S1), null, null, null);
    return new PlanDraft("Plan", null, List.of(wave), 30, 600, lag, rto, cleanup);
  }

  private static ExecutionRequested freeze(RecoveryPlan plan) {
    return ExecutionSnapshots.freeze(
        plan,
        id -> Optional.<ProtectionGroup>empty(),
        ExecutionMode.DRILL,
        "alice",
        "record-1",
        "execution-1",
        NOW);
  }

  @Test
  void givenADraftWithTheOptions_whenStoredAndReadBack_thenTheyAreKept() {
    // when
    RecoveryPlan plan = PlanDrafts.toRecord("plan-1", draft(25, 90, 45), 3, NOW);

    // then
    assertThat(plan.getMaxReplicationLagMinutes()).isEqualTo(25);
    assertThat(plan.getRtoTargetMinutes()).isEqualTo(90);
    assertThat(plan.getDrillCleanupAfterMinutes()).isEqualTo(45);
    PlanDraft readBack = PlanDrafts.of(plan);
    assertThat(readBack.maxReplicationLagMinutes()).isEqualTo(25);
    assertThat(readBack.rtoTargetMinutes()).isEqualTo(90);
    assertThat(readBack.drillCleanupAfterMinutes()).isEqualTo(45);
  }

  @Test
  void givenAPlanWithTheOptions_whenFrozen_thenTheRequestCarriesTheRtoAndTheCleanupDelay() {
    // given
    RecoveryPlan plan = PlanDrafts.toRecord("plan-1", draft(25, 90, 45), 3, NOW);

    // when
    ExecutionRequested request = freeze(plan);

    // then: the lag is the pre-flight's business, decided before the request exists
    assertThat(request.getRtoTargetMinutes()).isEqualTo(90);
    assertThat(request.getDrillCleanupAfterMinutes()).isEqualTo(45);
    assertThat(request.getPointInTime()).isNull();
    assertThat(request.getPreflight()).isNull();
    assertThat(ExecutionRequestValidator.validate(request)).isEmpty();
  }

  @Test
  void givenAPlanWithoutTheOptions_whenFrozen_thenTheyStayUnset() {
    ExecutionRequested request =
        freeze(PlanDrafts.toRecord("plan-1", draft(null, null, null), 1, NOW));

    assertThat(request.getRtoTargetMinutes()).isNull();
    assertThat(request.getDrillCleanupAfterMinutes()).isNull();
  }

  @Test
  void givenAPlan_whenItsWavesAreResolved_thenTheyAreTheFrozenRequestsWaves() {
    RecoveryPlan plan = PlanDrafts.toRecord("plan-1", draft(null, null, null), 1, NOW);

    List<ExecutionWave> waves =
        ExecutionSnapshots.resolveWaves(plan, id -> Optional.<ProtectionGroup>empty());

    assertThat(waves).isEqualTo(freeze(plan).getWaves());
  }

  @Test
  void givenAFailedExecutionToAPointInTime_whenRetried_thenTheRetryKeepsItAndHasNoPreflight() {
    // given
    Instant pointInTime = Instant.parse("2026-11-22T08:00:00Z");
    ExecutionUpdated failed =
        ExecutionUpdated.newBuilder()
            .setId("view-1")
            .setExecutionId("e-old")
            .setOccurredAt(NOW)
            .setSequence(5)
            .setPlanId("plan-1")
            .setPlanVersion(3)
            .setPlanName("Plan")
            .setMode(ExecutionMode.RECOVERY)
            .setRequestedBy("alice")
            .setStatus(ExecutionStatus.FAILED)
            .setStartedAt(NOW.minusSeconds(600))
            .setWaves(
                List.of(
                    WaveView.newBuilder()
                        .setWaveId("db")
                        .setName("db")
                        .setRegion("us-east-1")
                        .setStatus(WaveStatus.FAILED)
                        .setDependsOn(List.of())
                        .setJobIds(List.of())
                        .setServers(
                            List.of(
                                ServerLaunch.newBuilder()
                                    .setSourceServerId(S1)
                                    .setLaunchStatus(LaunchStatus.FAILED)
                                    .build()))
                        .build()))
            .setPointInTime(pointInTime)
            .setPreflight(
                PreflightVerdict.newBuilder()
                    .setMode(PreflightMode.WARN)
                    .setCheckedAt(NOW.minusSeconds(700))
                    .setServersChecked(1)
                    .setProblems(List.of())
                    .build())
            .setRto(
                RtoEvidence.newBuilder()
                    .setTargetMinutes(90)
                    .setMeasuredSeconds(null)
                    .setMet(null)
                    .build())
            .setDrillCleanupAfterMinutes(45)
            .build();

    // when
    ExecutionRequested retry =
        ExecutionRetries.request(failed, null, null, "bob", "e-new", "record-2", NOW);

    // then
    assertThat(retry.getPointInTime()).isEqualTo(pointInTime);
    assertThat(retry.getPreflight()).isNull();
    assertThat(retry.getRtoTargetMinutes()).isEqualTo(90);
    assertThat(retry.getDrillCleanupAfterMinutes()).isEqualTo(45);
  }
}
