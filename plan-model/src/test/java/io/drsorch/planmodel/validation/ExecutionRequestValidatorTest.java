package io.drsorch.planmodel.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.ExecutionMode;
import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionWave;
import io.drsorch.schemas.limits.PlanLimits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A request produced by hand is refused for what a plan would be, at the request's own paths, and
 * counted before it is read when it is too large. The scheduler's admission tests go through every
 * rule; what plan-service freezes passes (see ExecutionSnapshotsTest).
 */
class ExecutionRequestValidatorTest {

  private static final String ROLE = "arn:aws:iam::111122223333:role/DrsOrchestrator";

  private static ExecutionWave wave(String id, int server, String... dependsOn) {
    return ExecutionWave.newBuilder()
        .setWaveId(id)
        .setName(id)
        .setRegion("us-east-1")
        .setSourceServerIds(List.of(String.format("s-%017d", server)))
        .setDependsOn(List.of(dependsOn))
        .build();
  }

  private static ExecutionRequested request(String executionId, List<ExecutionWave> waves) {
    return ExecutionRequested.newBuilder()
        .setId("record-1")
        .setExecutionId(executionId)
        .setOccurredAt(Instant.EPOCH)
        .setPlanId("plan-1")
        .setPlanVersion(1)
        .setPlanName("Plan")
        .setMode(ExecutionMode.DRILL)
        .setWaves(waves)
        .build();
  }

  @Test
  void givenARequestWithBadIdsAndARoleWithoutItsAccount_whenValidated_thenEachAtItsPath() {
    // given
    ExecutionWave app = wave("app", 2, "db");
    app.setRoleArn(ROLE);
    ExecutionRequested request = request("execution 1", List.of(wave("db tier", 1, "app"), app));

    // when
    List<ValidationError> errors = ExecutionRequestValidator.validate(request);

    // then
    assertThat(errors)
        .containsExactly(
            new ValidationError("executionId", Formats.malformedId("execution", "execution 1")),
            new ValidationError("waves[0].waveId", Formats.malformedId("wave", "db tier")),
            new ValidationError("waves[1].dependsOn[0]", "unknown wave 'db'"),
            new ValidationError(
                "waves[1].accountId",
                "accountId must be given with roleArn (the role's account, 111122223333)"));
  }

  @Test
  void givenMoreWavesThanAPlanMayHave_whenValidated_thenOneErrorAndNothingPerWave() {
    // given: every wave also depends on one that does not exist
    List<ExecutionWave> waves = new ArrayList<>();
    for (int i = 0; i <= PlanLimits.MAX_WAVES; i++) {
      waves.add(wave("w" + i, i, "ghost"));
    }

    // when
    List<ValidationError> errors = ExecutionRequestValidator.validate(request("e-1", waves));

    // then
    assertThat(errors).containsExactly(PlanValidator.tooManyWaves(PlanLimits.MAX_WAVES + 1));
  }
}
