package io.drsorch.drctl.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.drctl.audit.PlanEvidence.Cleanup;
import io.drsorch.drctl.audit.PlanEvidence.Execution;
import io.drsorch.drctl.audit.PlanEvidence.Preflight;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cells of a plan's evidence in the cases the topics tests do not reach. */
class PlanEvidenceTextTest {

  private static final Instant T0 = Instant.parse("2026-11-22T10:15:30Z");

  private static Execution drill(
      String status, Integer target, Long measured, Boolean met, Cleanup c, Preflight p) {
    return new Execution(T0, "e-1", "DRILL", status, target, measured, met, null, c, p);
  }

  @Test
  void givenEachRtoCase_whenShown_thenMeasuredAgainstTargetWithTheVerdict() {
    assertThat(PlanEvidenceText.rto(drill("COMPLETED", 30, 540L, true, null, null)))
        .isEqualTo("9 min 00 s / 30 min: met");
    assertThat(PlanEvidenceText.rto(drill("FAILED", 30, null, false, null, null)))
        .isEqualTo("nothing recovered / 30 min: NOT met");
    assertThat(PlanEvidenceText.rto(drill("RUNNING", 30, null, null, null, null)))
        .isEqualTo("- / 30 min");
    assertThat(PlanEvidenceText.rto(drill("COMPLETED", null, 40L, null, null, null)))
        .isEqualTo("40 s (no target)");
    assertThat(PlanEvidenceText.rto(drill("REJECTED", null, null, null, null, null)))
        .isEqualTo("-");
  }

  @Test
  void givenCleanupsAndPreflights_whenShown_thenStatusCountsAndProblems() {
    Execution running =
        drill(
            "COMPLETED",
            null,
            null,
            null,
            new Cleanup("RUNNING", 3, 1),
            new Preflight("WARN", 1, 4));
    Execution refused = drill("REJECTED", null, null, null, null, new Preflight("ENFORCE", 3, 4));

    assertThat(PlanEvidenceText.cleanup(running)).isEqualTo("RUNNING");
    assertThat(PlanEvidenceText.preflight(running)).isEqualTo("WARN: 1 problem");
    assertThat(PlanEvidenceText.cleanup(refused)).isEqualTo("-");
    assertThat(PlanEvidenceText.preflight(refused)).isEqualTo("ENFORCE: 3 problems");
    assertThat(PlanEvidenceText.cells(running).get(0)).isEqualTo("2026-11-22 10:15");
  }

  @Test
  void givenARunningExecutionWithATarget_whenSummed_thenNotCountedUntilItHasAVerdict() {
    PlanEvidence r =
        new PlanEvidence(
            "p",
            "P",
            Duration.ofDays(90),
            T0.minus(Duration.ofDays(90)),
            T0,
            List.of(
                drill("RUNNING", 30, null, null, null, null),
                drill("COMPLETED", 30, 100L, true, null, null)),
            2);

    assertThat(PlanEvidenceText.summary(r))
        .isEqualTo("2 drills, 0 recoveries; RTO met 1 of 1 with a target");
    assertThat(PlanEvidenceText.lines(r))
        .last()
        .isEqualTo(
            "2 view(s) on drs.executions could not be read and are not in this report (see"
                + " drs.dead-letters)");
  }
}
