package io.drsorch.planmodel.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drsorch.avro.ExecutionMode;
import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionWave;
import io.drsorch.avro.ProtectionGroup;
import io.drsorch.avro.RecoveryPlan;
import io.drsorch.planmodel.validation.ExecutionRequestValidator;
import io.drsorch.planmodel.validation.PlanDraft;
import io.drsorch.planmodel.validation.ProtectionGroupDraft;
import io.drsorch.planmodel.validation.WaveDraft;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExecutionSnapshotsTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  private static String server(int n) {
    return String.format("s-%017d", n);
  }

  private static final ProtectionGroup DATABASES =
      ProtectionGroup.newBuilder()
          .setGroupId("databases")
          .setName("Databases")
          .setRegion("us-east-1")
          .setSourceServerIds(List.of(server(1), server(2)))
          .setAccountId("123456789012")
          .setRoleArn("arn:aws:iam::123456789012:role/DrsOrchestrator")
          .setVersion(1)
          .setUpdatedAt(NOW)
          .build();

  /** A group of another account that names only the role to assume there. */
  private static final ProtectionGroup WEB_SERVERS =
      GroupDrafts.toRecord(
          "web-servers",
          new ProtectionGroupDraft(
              "Web", "us-east-1", List.of(server(3)), null, "arn:aws:iam::111122223333:role/Drs"),
          1,
          NOW);

  private static RecoveryPlan plan(WaveDraft... waves) {
    return PlanDrafts.toRecord("plan-1", new PlanDraft("Plan", null, List.of(waves)), 7, NOW);
  }

  private static ExecutionRequested freeze(RecoveryPlan plan) {
    Map<String, ProtectionGroup> groups =
        Map.of("databases", DATABASES, "web-servers", WEB_SERVERS);
    return ExecutionSnapshots.freeze(
        plan,
        id -> Optional.ofNullable(groups.get(id)),
        ExecutionMode.DRILL,
        "alice",
        "record-1",
        "execution-1",
        NOW);
  }

  @Test
  void givenWaveWithWholeGroup_whenFrozen_thenGroupServersAndAccount() {
    // given
    RecoveryPlan plan = plan(new WaveDraft("db", null, "us-east-1", null, null, "databases", 30));

    // when
    ExecutionRequested request = freeze(plan);

    // then
    assertThat(request.getId()).isEqualTo("record-1");
    assertThat(request.getExecutionId()).isEqualTo("execution-1");
    assertThat(request.getPlanVersion()).isEqualTo(7L);
    assertThat(request.getOccurredAt()).isEqualTo(NOW);
    assertThat(request.getWaves().get(0).getSourceServerIds())
        .containsExactly(server(1), server(2));
    assertThat(request.getWaves().get(0).getAccountId()).isEqualTo("123456789012");
    assertThat(request.getWaves().get(0).getRoleArn())
        .isEqualTo("arn:aws:iam::123456789012:role/DrsOrchestrator");
    assertThat(request.getWaves().get(0).getTimeoutMinutes()).isEqualTo(30);
  }

  @Test
  void givenAGroupNamingOnlyItsRole_whenFrozen_thenTheRolesAccountAndARequestTheSchedulerAdmits() {
    // given
    RecoveryPlan plan =
        plan(new WaveDraft("web", null, "us-east-1", null, null, "web-servers", null));

    // when
    ExecutionRequested request = freeze(plan);

    // then
    assertThat(request.getWaves().get(0).getAccountId()).isEqualTo("111122223333");
    assertThat(ExecutionRequestValidator.validate(request)).isEmpty();
  }

  @Test
  void givenWaveWithSubsetOfGroup_whenFrozen_thenOnlyTheSubset() {
    // given
    RecoveryPlan plan =
        plan(new WaveDraft("db", null, "us-east-1", List.of(server(2)), null, "databases", null));

    // when
    ExecutionRequested request = freeze(plan);

    // then
    assertThat(request.getWaves().get(0).getSourceServerIds()).containsExactly(server(2));
  }

  @Test
  void givenWaveWithExplicitServers_whenFrozen_thenThoseServersAndNoAccount() {
    // given
    RecoveryPlan plan =
        plan(
            new WaveDraft("db", "Database", "eu-west-1", List.of(server(9)), null, null, null),
            new WaveDraft(
                "app", null, "eu-west-1", List.of(server(10)), List.of("db"), null, null));

    // when
    ExecutionRequested request = freeze(plan);

    // then
    assertThat(request.getWaves().get(0).getName()).isEqualTo("Database");
    assertThat(request.getWaves().get(0).getAccountId()).isNull();
    assertThat(request.getWaves().get(0).getRoleArn()).isNull();
    assertThat(request.getWaves().get(1).getName()).isEqualTo("app");
    assertThat(request.getWaves().get(1).getDependsOn()).containsExactly("db");
    assertThat(request.getWaves().get(1).getRegion()).isEqualTo("eu-west-1");
  }

  @Test
  void givenAGatedWaveWithOptionalServers_whenStoredAndFrozen_thenTheRequestCarriesThem() {
    // given: a gate and an optional server on a wave of a whole group, none on the other
    WaveDraft db =
        new WaveDraft(
            "db", null, "us-east-1", null, null, "databases", null, true, 45, List.of(server(2)));
    WaveDraft app =
        new WaveDraft("app", null, "us-east-1", List.of(server(9)), List.of("db"), null, null);
    RecoveryPlan plan = plan(db, app);

    // when
    ExecutionRequested request = freeze(plan);

    // then
    ExecutionWave frozenDb = request.getWaves().get(0);
    assertThat(frozenDb.getApprovalRequired()).isTrue();
    assertThat(frozenDb.getApprovalTimeoutMinutes()).isEqualTo(45);
    assertThat(frozenDb.getOptionalServerIds()).containsExactly(server(2));
    ExecutionWave frozenApp = request.getWaves().get(1);
    assertThat(frozenApp.getApprovalRequired()).isFalse();
    assertThat(frozenApp.getApprovalTimeoutMinutes()).isNull();
    assertThat(frozenApp.getOptionalServerIds()).isEmpty();
    // a first run: nothing carried over, nothing retried
    assertThat(request.getWaves()).allSatisfy(w -> assertThat(w.getCarriedOver()).isNull());
    assertThat(request.getRetryOf()).isNull();
    assertThat(ExecutionRequestValidator.validate(request)).isEmpty();
  }

  @Test
  void givenAGatedWave_whenStoredAndReadBackAsADraft_thenTheSameDraft() {
    // given
    WaveDraft db =
        new WaveDraft(
            "db",
            "db",
            "us-east-1",
            List.of(server(1), server(2)),
            List.of(),
            null,
            20,
            true,
            45,
            List.of(server(2)));
    PlanDraft draft = new PlanDraft("Plan", null, List.of(db), 30, 600);

    // when
    PlanDraft back = PlanDrafts.of(PlanDrafts.toRecord("plan-1", draft, 1, NOW));

    // then
    assertThat(back).isEqualTo(draft);
  }

  @Test
  void givenGroupGone_whenFrozen_thenRefused() {
    // given
    RecoveryPlan plan = plan(new WaveDraft("db", null, "us-east-1", null, null, "gone", null));

    // then
    assertThatThrownBy(() -> freeze(plan))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("gone");
  }

  @Test
  void givenPlanTimeouts_whenFrozen_thenTheRequestCarriesThem() {
    // given
    WaveDraft wave = new WaveDraft("db", null, "us-east-1", List.of(server(5)), null, null, null);
    RecoveryPlan plan =
        PlanDrafts.toRecord("plan-1", new PlanDraft("Plan", null, List.of(wave), 45, 600), 7, NOW);
    // when
    ExecutionRequested request = freeze(plan);
    // then
    assertThat(request.getWaveTimeoutMinutes()).isEqualTo(45);
    assertThat(request.getExecutionTimeoutMinutes()).isEqualTo(600);
  }

  @Test
  void givenNoPlanTimeouts_whenFrozen_thenNullForTheSchedulerDefaults() {
    // given
    RecoveryPlan plan =
        plan(new WaveDraft("db", null, "us-east-1", List.of(server(5)), null, null, null));
    // when
    ExecutionRequested request = freeze(plan);
    // then
    assertThat(request.getWaveTimeoutMinutes()).isNull();
    assertThat(request.getExecutionTimeoutMinutes()).isNull();
  }
}
