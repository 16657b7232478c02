package io.drsorch.planmodel.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.ExecutionMode;
import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ProtectionGroup;
import io.drsorch.avro.RecoveryPlan;
import io.drsorch.planmodel.records.ExecutionSnapshots;
import io.drsorch.planmodel.records.GroupDrafts;
import io.drsorch.planmodel.records.PlanDrafts;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A frozen plan is checked by the rules of a plan: what plan-service stores and freezes passes, and
 * a request produced by hand is refused for what a plan would be, at the request's own paths. The
 * scheduler's admission tests go through every rule.
 */
class ExecutionRequestValidatorTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final String ROLE = "arn:aws:iam::111122223333:role/DrsOrchestrator";

  private static String server(int n) {
    return String.format("s-%017d", n);
  }

  private static final ProtectionGroup DATABASES =
      GroupDrafts.toRecord(
          "databases",
          new ProtectionGroupDraft("Databases", "us-east-1", List.of(server(1)), null, ROLE),
          1,
          NOW);

  /** The draft, valid as plan-service checks it, frozen as plan-service freezes it. */
  private static ExecutionRequested freeze(PlanDraft draft) {
    Map<String, ProtectionGroup> groups = Map.of("databases", DATABASES);
    ProtectionGroups refs = ProtectionGroups.of(Map.of("databases", GroupDrafts.ref(DATABASES)));
    assertThat(new PlanValidator(refs).validate(draft)).isEmpty();
    RecoveryPlan plan = PlanDrafts.toRecord("plan-1", draft, 1, NOW);
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
  void givenAValidPlanWithARoleOnlyGroup_whenFrozen_thenTheRequestIsValid() {
    // given: the group names its role but no account
    PlanDraft draft =
        new PlanDraft(
            "Plan",
            null,
            List.of(
                new WaveDraft("db", null, "us-east-1", null, null, "databases", null),
                new WaveDraft(
                    "app", null, "eu-west-1", List.of(server(2)), List.of("db"), null, 30)));

    // when
    List<ValidationError> errors = ExecutionRequestValidator.validate(freeze(draft));

    // then
    assertThat(errors).isEmpty();
  }

  @Test
  void givenAFrozenPlanEditedByHand_whenValidated_thenEachProblemAtTheRequestsPath() {
    // given
    ExecutionRequested request =
        freeze(
            new PlanDraft(
                "Plan",
                null,
                List.of(
                    new WaveDraft("db", null, "us-east-1", List.of(server(1)), null, null, null),
                    new WaveDraft(
                        "app", null, "us-east-1", List.of(server(2)), List.of("db"), null, null))));
    request.setExecutionId("execution 1");
    request.getWaves().get(0).setWaveId("db tier");
    request.getWaves().get(0).setDependsOn(List.of("app"));
    request.getWaves().get(1).setRoleArn(ROLE);

    // when
    List<ValidationError> errors = ExecutionRequestValidator.validate(request);

    // then
    assertThat(errors)
        .containsExactly(
            new ValidationError("executionId", Formats.malformedId("execution", "execution 1")),
            new ValidationError(
                "waves[0].waveId",
                "malformed wave id 'db tier': use 1 to 64 letters, digits, '_' or '-'"),
            new ValidationError("waves[1].dependsOn[0]", "unknown wave 'db'"),
            new ValidationError(
                "waves[1].accountId",
                "accountId must be given with roleArn (the role's account, 111122223333)"));
  }
}
