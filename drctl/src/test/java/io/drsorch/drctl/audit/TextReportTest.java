package io.drsorch.drctl.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The audit's text report says what the HTML report says, in the same words. */
class TextReportTest {

  @Test
  void givenAnApproval_whenReported_thenWhoWhenHowLongItWaitedAndThatTheWaitIsNotRunTime() {
    // when
    List<String> lines = TextReport.lines(HtmlReportTest.withOperatorControl());

    // then
    assertThat(lines.get(0))
        .isEqualTo("DRILL of plan diamond v3 (Diamond), execution e-1, requested by alice");
    assertThat(lines.get(1)).isEqualTo("COMPLETED in 5 min 51 s");
    assertThat(lines.get(2)).isEqualTo("retry of execution e-0");
    assertThat(lines)
        .containsSubsequence(
            "app1         COMPLETED                30 s  2/2",
            "               approved by alice at 2026-01-01T10:05:10Z after waiting 5 min 00 s:"
                + " \"database checked\"")
        .containsSubsequence(
            "critical path: db -> app1 -> web",
            "  DRS run time 50 s, waiting for approval 5 min 00 s, other waiting 1 s (hand-offs,"
                + " pauses, DRS job capacity)",
            "  " + ReportText.APPROVAL_IS_NOT_RUN_TIME);
  }

  @Test
  void givenOperatorActions_whenReported_thenEachWithWhoAndWhatItChanged() {
    List<String> lines = TextReport.lines(HtmlReportTest.withOperatorControl());

    assertThat(lines)
        .containsSubsequence(
            "operator actions:",
            "  2026-01-01T10:00:20Z  pause requested by bob: network change",
            "      changed: execution RUNNING -> PAUSED",
            "  2026-01-01T10:00:25Z  resume requested by bob",
            "      changed: execution PAUSED -> RUNNING",
            "  2026-01-01T10:05:10Z  approval of wave app1 requested by alice: database checked",
            "      changed: wave app1 WAITING_APPROVAL -> PENDING -> LAUNCHING",
            "  2026-01-01T10:05:12Z  approval of wave app1 requested by carol",
            "      changed: no status transition recorded for it");
  }

  @Test
  void givenAnOverrideAndAnOptionalServer_whenReported_thenBothAreFlaggedOnce() {
    List<String> lines = TextReport.lines(HtmlReportTest.withOperatorControl());

    assertThat(lines)
        .contains(
            "               carried over from execution e-0, not relaunched; marked done by alice"
                + " (override)")
        .containsOnlyOnce(
            "               server s-7 FAILED (optional: its wave may complete without it)")
        .noneMatch(line -> line.contains("optional servers not launched"));
  }
}
