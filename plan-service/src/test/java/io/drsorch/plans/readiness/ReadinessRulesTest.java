package io.drsorch.plans.readiness;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.ExecutionMode;
import io.drsorch.plans.readiness.TargetLookup.ActiveJob;
import io.drsorch.plans.readiness.TargetLookup.Snapshot;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The readiness rules on what DRS said, without DRS: the cases the simulator cannot produce. */
class ReadinessRulesTest {

  private static final String WHERE = "eu-west-1/111122223333";
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");
  private static final Snapshot SNAPSHOT = new Snapshot("pit-00000000000000001", T);

  private static ServerFacts facts(String state, String lag, ActiveJob job, Snapshot newest) {
    return new ServerFacts(true, WHERE, state, lag, job, newest, null);
  }

  @Test
  void givenAContinuousServerWithoutALag_whenCheckedForADrill_thenReady() {
    assertThat(
            ReadinessRules.problems(
                facts("CONTINUOUS", null, null, SNAPSHOT), ExecutionMode.DRILL, 15, null))
        .isEmpty();
  }

  @Test
  void givenALagAtTheLimit_whenCheckedForADrill_thenReady() {
    assertThat(
            ReadinessRules.problems(
                facts("CONTINUOUS", "PT15M", null, SNAPSHOT), ExecutionMode.DRILL, 15, null))
        .isEmpty();
  }

  @Test
  void givenALagDrsSentInAnotherForm_whenCheckedForADrill_thenTheProblemQuotesIt() {
    assertThat(
            ReadinessRules.problems(
                facts("CONTINUOUS", "20 minutes", null, SNAPSHOT), ExecutionMode.DRILL, 15, null))
        .containsExactly(
            "replication lag '20 minutes' is not an ISO-8601 duration (a DRILL needs at most 15"
                + " minutes)");
  }

  @Test
  void givenAStalledServerInAJob_whenCheckedForADrill_thenBothProblems() {
    ActiveJob job = new ActiveJob("drsjob-00000000000000001", "TERMINATE", "STARTED");

    assertThat(
            ReadinessRules.problems(
                facts("STALLED", "PT1M", job, SNAPSHOT), ExecutionMode.DRILL, 15, null))
        .containsExactly(
            "in active job drsjob-00000000000000001 (TERMINATE, STARTED)",
            "replication is STALLED (a DRILL needs CONTINUOUS)");
  }

  @Test
  void givenAServerWithoutSnapshots_whenCheckedForARecoveryToAPointInTime_thenOneProblem() {
    assertThat(
            ReadinessRules.problems(
                facts("DISCONNECTED", null, null, null), ExecutionMode.RECOVERY, 15, T))
        .containsExactly("no recovery snapshot at or before " + T + " (the server has none)");
  }

  @Test
  void givenAnUnknownServer_whenChecked_thenOnlyWhereItWasLookedFor() {
    assertThat(ReadinessRules.problems(ServerFacts.notFound(WHERE), ExecutionMode.DRILL, 15, T))
        .containsExactly("not found in DRS in eu-west-1/111122223333");
  }
}
