package io.drsorch.planmodel.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.ExecutionMode;
import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionWave;
import io.drsorch.planmodel.reading.BodyFormat;
import io.drsorch.planmodel.reading.DraftReader;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A plan's drill-lifecycle options ({@code maxReplicationLagMinutes}, {@code rtoTargetMinutes},
 * {@code drillCleanupAfterMinutes}): read from a body, bounded, each error at its field.
 */
class PlanOptionsValidationTest {

  private static final String S1 = String.format("s-%017d", 1);

  private final PlanValidator validator = new PlanValidator(ProtectionGroups.none());

  private static PlanDraft plan(Integer lag, Integer rto, Integer cleanup) {
    WaveDraft wave = new WaveDraft("db", null, "us-east-1", List.of(S1), null, null, null);
    return new PlanDraft("Plan", null, List.of(wave), null, null, lag, rto, cleanup);
  }

  @Test
  void givenNoOptions_whenValidated_thenAcceptedAndTheLagDefaultsTo15() {
    assertThat(validator.validate(plan(null, null, null))).isEmpty();
    assertThat(PlanOptions.maxReplicationLagMinutes(null)).isEqualTo(15);
    assertThat(PlanOptions.maxReplicationLagMinutes(40)).isEqualTo(40);
  }

  @Test
  void givenOptionsAtTheirBounds_whenValidated_thenAccepted() {
    assertThat(validator.validate(plan(1, 1, 0))).isEmpty();
    assertThat(validator.validate(plan(10080, 525600, 10080))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 10081})
  void givenALagOutOfRange_whenValidated_thenErrorAtIt(int minutes) {
    assertThat(validator.validate(plan(minutes, null, null)))
        .containsExactly(
            new ValidationError(
                "maxReplicationLagMinutes",
                "maxReplicationLagMinutes must be between 1 and 10080 minutes, got " + minutes));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -30, 525601})
  void givenAnRtoTargetOutOfRange_whenValidated_thenErrorAtIt(int minutes) {
    assertThat(validator.validate(plan(null, minutes, null)))
        .containsExactly(
            new ValidationError(
                "rtoTargetMinutes",
                "rtoTargetMinutes must be between 1 and 525600 minutes, got " + minutes));
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 10081})
  void givenACleanupDelayOutOfRange_whenValidated_thenErrorAtIt(int minutes) {
    assertThat(validator.validate(plan(null, null, minutes)))
        .containsExactly(
            new ValidationError(
                "drillCleanupAfterMinutes",
                "drillCleanupAfterMinutes must be between 0 and 10080 minutes, got " + minutes));
  }

  @Test
  void givenAllThreeWrong_whenValidated_thenEachIsNamed() {
    assertThat(validator.validate(plan(0, 0, -1)))
        .extracting(ValidationError::path)
        .containsExactly(
            "maxReplicationLagMinutes", "rtoTargetMinutes", "drillCleanupAfterMinutes");
  }

  @Test
  void givenAJsonBodyWithTheOptions_whenRead_thenTheDraftHasThem() {
    // given
    String body =
        """
        {"name": "Plan", "maxReplicationLagMinutes": 30, "rtoTargetMinutes": 120,
         "drillCleanupAfterMinutes": 60,
         "waves": [{"id": "db", "region": "us-east-1", "sourceServerIds": ["%s"]}]}
        """
            .formatted(S1);

    // when
    PlanDraft draft = new DraftReader().read(body, BodyFormat.JSON, PlanDraft.class);

    // then
    assertThat(draft.maxReplicationLagMinutes()).isEqualTo(30);
    assertThat(draft.rtoTargetMinutes()).isEqualTo(120);
    assertThat(draft.drillCleanupAfterMinutes()).isEqualTo(60);
  }

  @Test
  void givenAnOptionAsText_whenRead_thenErrorAtItsPath() {
    String body =
        """
        {"name": "Plan", "rtoTargetMinutes": "120",
         "waves": [{"id": "db", "region": "us-east-1", "sourceServerIds": ["%s"]}]}
        """
            .formatted(S1);

    InvalidRequestException refused =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            InvalidRequestException.class,
            () -> new DraftReader().read(body, BodyFormat.JSON, PlanDraft.class));

    assertThat(refused.errors())
        .extracting(ValidationError::path)
        .containsExactly("rtoTargetMinutes");
  }

  @Test
  void givenARequestProducedStraightToKafkaWithOptionsOutOfRange_whenValidated_thenRefusedAtThem() {
    // given
    ExecutionRequested request =
        ExecutionRequested.newBuilder()
            .setId("record-1")
            .setExecutionId("execution-1")
            .setOccurredAt(Instant.parse("2026-11-22T10:00:00Z"))
            .setPlanId("plan-1")
            .setPlanVersion(1)
            .setPlanName("Plan")
            .setMode(ExecutionMode.DRILL)
            .setWaves(
                List.of(
                    ExecutionWave.newBuilder()
                        .setWaveId("db")
                        .setName("db")
                        .setRegion("us-east-1")
                        .setSourceServerIds(List.of(S1))
                        .build()))
            .setRtoTargetMinutes(0)
            .setDrillCleanupAfterMinutes(10081)
            .build();

    // when / then
    assertThat(ExecutionRequestValidator.validate(request))
        .extracting(ValidationError::path)
        .containsExactly("rtoTargetMinutes", "drillCleanupAfterMinutes");
  }
}
