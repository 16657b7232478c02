package io.drsorch.drctl.audit;

import static io.drsorch.drctl.audit.WaveActionsExecution.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.drsorch.avro.ApproveWave;
import io.drsorch.avro.ExecutionTransition;
import io.drsorch.scheduler.core.RetryPolicy;
import io.drsorch.scheduler.replay.Recorded;
import io.drsorch.scheduler.replay.Replay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * An execution whose waves ran before and after actions, as the scheduler recorded it ({@link
 * WaveActionsExecution}), through the audit: the replay of its action events, the timeline of its
 * action runs, starts, ends and ACTION_ transitions, and the reports' steps of each wave.
 */
class WaveActionsAuditTest {

  private final AuditRecords records = new WaveActionsExecution("e-act").records();

  @Test
  void givenTheActionsRecords_whenReplayed_thenTheActionEventsLeadToExactlyTheRecordedHistory() {
    // when
    Replay.Verdict verdict =
        new Replay(RetryPolicy.fromEnvironment(System.getenv())).verify(records.execution());

    // then: the request and 14 wave events, 8 of them the actions' starts and ends
    assertThat(verdict.differences()).isEmpty();
    assertThat(verdict.verified()).isTrue();
    assertThat(verdict.inputs()).isEqualTo(15);
    assertThat(verdict.recordedTransitions()).isEqualTo(17);
  }

  @Test
  void givenActionRuns_whenTimelined_thenEachRunStartAndEndIsAnEntryAfterTheDecisionThatAskedIt() {
    // when
    List<Timeline.Entry> timeline = Timeline.of(records.execution(), records.actionRuns());

    // then
    assertThat(timeline.get(0).text())
        .endsWith(
            "waves: db [s-db] in us-east-1 with before actions [stop-writes], after actions"
                + " [db-ready, smoke]; app [s-app] in us-east-1 after db with after actions"
                + " [app-health]");
    assertThat(timeline)
        .filteredOn(e -> e.kind().equals("RUN"))
        .extracting(Timeline.Entry::at, Timeline.Entry::text)
        .containsExactly(
            tuple(
                T0,
                "run before action 'stop-writes' of wave db: SSM automation Runbook-stop-writes in"
                    + " us-east-1, deadline 2026-01-01T10:10:00Z, request id"
                    + " e-act/db/0/BEFORE/0"),
            tuple(
                T0.plusSeconds(30),
                "run after action 'db-ready' of wave db: SSM automation Runbook-db-ready in"
                    + " us-east-1 for recovery instances [i-db], deadline 2026-01-01T10:10:30Z,"
                    + " request id e-act/db/1/AFTER/0"),
            tuple(
                T0.plusSeconds(40),
                "run after action 'smoke' of wave db: HTTP check of"
                    + " https://app.example.internal/health until it answers 200, every 5 s,"
                    + " deadline 2026-01-01T10:02:40Z, request id e-act/db/1/AFTER/1"),
            tuple(
                T0.plusSeconds(70),
                "run after action 'app-health' of wave app: SSM automation Runbook-app-health in"
                    + " us-east-1 for recovery instances [i-app], deadline"
                    + " 2026-01-01T10:11:10Z, request id e-act/app/1/AFTER/0"));
    assertThat(timeline)
        .filteredOn(e -> e.kind().equals("ACTION"))
        .extracting(Timeline.Entry::what, Timeline.Entry::text)
        .contains(
            tuple(
                "WaveActionStarted",
                "before action 'stop-writes' of wave db started: SSM automation auto-stop"),
            tuple(
                "WaveActionStarted",
                "after action 'smoke' of wave db started: checking"
                    + " https://app.example.internal/health"),
            tuple(
                "WaveActionEnded",
                "after action 'smoke' of wave db FAILED: expected HTTP 200, got 503; last HTTP"
                    + " status 503"),
            tuple(
                "WaveActionEnded",
                "after action 'app-health' of wave app FAILED: Step failed: health script exited"
                    + " 1; automation auto-health (SSM status Failed)"))
        .hasSize(8);
    // at one instant: the action's end, the decisions it caused, then the launch they made
    assertThat(timeline)
        .filteredOn(e -> e.at().equals(T0.plusSeconds(4)))
        .extracting(Timeline.Entry::kind)
        .containsExactly("ACTION", "TRANSITION", "TRANSITION", "LAUNCH");
    assertThat(timeline)
        .extracting(Timeline.Entry::text)
        .contains(
            "wave db ACTION_RUNNING -> ACTION_SUCCEEDED automation [auto-stop]: before action"
                + " 'stop-writes'  (decision 3, because of WaveActionEnded)",
            "wave db RUNNING -> COMPLETED jobs [drsjob-db]  (decision 9, because of"
                + " WaveActionEnded)");
  }

  @Test
  void givenTheView_whenReported_thenEachWaveHasItsStepsAndTheirTimeIsNotDrsRunTime() {
    // when
    Report report = Report.of(records.execution());

    // then
    WaveSpan db = report.waves().get(0);
    assertThat(db.actions())
        .extracting(ActionStep::label, ActionStep::status, ActionStep::duration)
        .containsExactly(
            tuple("before action 'stop-writes'", "SUCCEEDED", Duration.ofSeconds(4)),
            tuple("after action 'db-ready'", "SUCCEEDED", Duration.ofSeconds(10)),
            tuple("after action 'smoke'", "FAILED", Duration.ofSeconds(10)));
    assertThat(db.actions().get(2).continued()).isTrue();
    assertThat(db.actionTime()).isEqualTo(Duration.ofSeconds(24));
    CriticalPath.Time time = report.criticalPathTime();
    assertThat(report.criticalPath()).containsExactly("db", "app");
    assertThat(time.runTime()).as("db 4-30 s, app 50-70 s").isEqualTo(Duration.ofSeconds(46));
    assertThat(time.actionTime()).isEqualTo(Duration.ofSeconds(34));
    assertThat(time.otherWait()).isEqualTo(Duration.ZERO);
  }

  @Test
  void givenTheReport_whenPrinted_thenTheStepsAreUnderTheirWavesInColumns() {
    List<String> lines = TextReport.lines(Report.of(records.execution()));

    assertThat(lines)
        .containsSubsequence(
            "db           COMPLETED                50 s  1/1",
            "               before  stop-writes  SSM_AUTOMATION  SUCCEEDED  2026-01-01T10:00:00Z to"
                + " 2026-01-01T10:00:04Z (4 s)  automation auto-stop",
            "               after   db-ready     SSM_AUTOMATION  SUCCEEDED  2026-01-01T10:00:30Z to"
                + " 2026-01-01T10:00:40Z (10 s)  automation auto-ready",
            "               after   smoke        HTTP_CHECK      FAILED     2026-01-01T10:00:40Z to"
                + " 2026-01-01T10:00:50Z (10 s)  HTTP 503  expected HTTP 200, got 503 (continued:"
                + " the wave went on)",
            "app          FAILED                   30 s  1/1",
            "               after action 'app-health' (SSM_AUTOMATION) failed: Step failed: health"
                + " script exited 1",
            "               after   app-health  SSM_AUTOMATION  FAILED     2026-01-01T10:01:10Z to"
                + " 2026-01-01T10:01:20Z (10 s)  automation auto-health  Step failed: health"
                + " script exited 1",
            "critical path: db -> app",
            "  DRS run time 46 s, wave actions 34 s, waiting for approval 0 s, other waiting 0 s"
                + " (hand-offs, pauses, DRS job capacity)");
  }

  @Test
  void givenTheReport_whenRendered_thenATableOfStepsAndABarPerStepThatRan() {
    // when
    String html = HtmlReport.render(Report.of(records.execution()));

    // then
    List<String> rows = new ArrayList<>();
    Matcher row =
        Pattern.compile("<tr data-wave=\"(\\w+)\" data-step=\"([A-Z]+-\\d)\">(.*?)</tr>")
            .matcher(html);
    while (row.find()) {
      rows.add(row.group(1) + " " + row.group(2) + ": " + row.group(3).replaceAll("<[^>]+>", "|"));
    }
    assertThat(rows)
        .containsExactly(
            "db BEFORE-0: |db||before||stop-writes||SSM_AUTOMATION||FAIL_WAVE|||SUCCEEDED|||"
                + "2026-01-01T10:00:00Z||2026-01-01T10:00:04Z||4 s||automation auto-stop|||",
            "db AFTER-0: |db||after||db-ready||SSM_AUTOMATION||FAIL_WAVE|||SUCCEEDED|||"
                + "2026-01-01T10:00:30Z||2026-01-01T10:00:40Z||10 s||automation auto-ready|||",
            "db AFTER-1: |db||after||smoke||HTTP_CHECK||CONTINUE|||FAILED|||2026-01-01T10:00:40Z|"
                + "|2026-01-01T10:00:50Z||10 s||HTTP 503||expected HTTP 200, got 503 (continued:"
                + " the wave went on)|",
            "app AFTER-0: |app||after||app-health||SSM_AUTOMATION||FAIL_WAVE|||FAILED|||"
                + "2026-01-01T10:01:10Z||2026-01-01T10:01:20Z||10 s||automation auto-health||Step"
                + " failed: health script exited 1|");
    List<String> bars = new ArrayList<>();
    Matcher bar =
        Pattern.compile("<rect class=\"bar action status-(\\w+)\" data-wave=\"(\\w+)\"")
            .matcher(html);
    while (bar.find()) {
      bars.add(bar.group(2) + " " + bar.group(1));
    }
    assertThat(bars).containsExactly("db SUCCEEDED", "db SUCCEEDED", "db FAILED", "app FAILED");
    assertThat(html)
        .contains("<title>db COMPLETED, 50 s run time, 24 s of it wave actions</title>")
        .contains("<span class=\"swatch action\"></span> wave action");
  }

  @Test
  void
      givenACommandThatStartedAWaveAndItsAction_whenItsEffectsAreListed_thenTheActionHasItsOwnLine() {
    // given: an approval let app go on to its before action, recorded in the order the scheduler
    // publishes: the wave's status, its action's step, the wave's next status
    List<ExecutionTransition> history =
        List.of(
            transition(1, "app", "WAITING_APPROVAL", "PENDING", null),
            transition(2, "app", "ACTION_PENDING", "ACTION_RUNNING", "before action 'warm-up'"),
            transition(3, "app", "PENDING", "RUNNING", null));
    Recorded<org.apache.avro.specific.SpecificRecord> approval =
        new Recorded<>(
            "drs.execution-commands",
            0,
            0,
            0,
            ApproveWave.newBuilder()
                .setId("c-approve")
                .setExecutionId("e-act")
                .setOccurredAt(T0)
                .setWaveId("app")
                .setRequestedBy("alice")
                .build());

    // when
    OperatorAction action = OperatorAction.of(approval, history);

    // then
    assertThat(action.effects())
        .containsExactly(
            "wave app WAITING_APPROVAL -> PENDING -> RUNNING",
            "wave app before action 'warm-up' ACTION_PENDING -> ACTION_RUNNING");
  }

  private static ExecutionTransition transition(
      long sequence, String waveId, String from, String to, String reason) {
    return ExecutionTransition.newBuilder()
        .setId("t-" + sequence)
        .setExecutionId("e-act")
        .setOccurredAt(T0)
        .setCausationId("c-approve")
        .setSequence(sequence)
        .setPlanId(WaveActionsExecution.PLAN)
        .setWaveId(waveId)
        .setFromStatus(from)
        .setToStatus(to)
        .setReason(reason)
        .setCausationType("ApproveWave")
        .build();
  }
}
