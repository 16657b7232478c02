package io.drsorch.drctl.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.drsorch.avro.ApproveWave;
import io.drsorch.avro.ExecutionMode;
import io.drsorch.avro.ExecutionStatus;
import io.drsorch.avro.ExecutionTransition;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.LaunchStatus;
import io.drsorch.avro.PauseExecution;
import io.drsorch.avro.RejectWave;
import io.drsorch.avro.ResumeExecution;
import io.drsorch.avro.ServerLaunch;
import io.drsorch.avro.WaveStatus;
import io.drsorch.avro.WaveView;
import io.drsorch.scheduler.replay.ExecutionRecords;
import io.drsorch.scheduler.replay.Recorded;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * An execution's records as the topics hold them, the operator's commands among them, turned into
 * the audit's timeline and report: every command type listed with who asked, each approval with how
 * long its wave waited, each command with the transitions it caused.
 */
class OperatorControlRecordsTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  /**
   * Retry e-1 of e-0: db carried over; app waited 300 s for alice's approval and completed without
   * its optional server s-3; bob paused and resumed meanwhile; carol rejected web at its gate.
   */
  private static ExecutionRecords records() {
    List<Recorded<SpecificRecord>> commands =
        List.of(
            command(
                0,
                PauseExecution.newBuilder()
                    .setId("c-pause")
                    .setExecutionId("e-1")
                    .setOccurredAt(T0.plusSeconds(20))
                    .setRequestedBy("bob")
                    .setReason("network change")
                    .build()),
            command(
                1,
                ResumeExecution.newBuilder()
                    .setId("c-resume")
                    .setExecutionId("e-1")
                    .setOccurredAt(T0.plusSeconds(25))
                    .setRequestedBy("bob")
                    .build()),
            command(
                2,
                ApproveWave.newBuilder()
                    .setId("c-approve")
                    .setExecutionId("e-1")
                    .setOccurredAt(T0.plusSeconds(310))
                    .setWaveId("app")
                    .setRequestedBy("alice")
                    .setComment("database checked")
                    .build()),
            command(
                3,
                RejectWave.newBuilder()
                    .setId("c-reject")
                    .setExecutionId("e-1")
                    .setOccurredAt(T0.plusSeconds(400))
                    .setWaveId("web")
                    .setRequestedBy("carol")
                    .setReason("not today")
                    .build()));
    List<Recorded<ExecutionTransition>> history = new ArrayList<>();
    history.add(transition(1, null, null, "RUNNING", "r-1", 0));
    history.add(transition(2, "app", "PENDING", "WAITING_APPROVAL", "ev-db", 10));
    history.add(transition(3, null, "RUNNING", "PAUSED", "c-pause", 20));
    history.add(transition(4, null, "PAUSED", "RUNNING", "c-resume", 25));
    history.add(transition(5, "app", "WAITING_APPROVAL", "PENDING", "c-approve", 310));
    history.add(transition(6, "app", "PENDING", "LAUNCHING", "c-approve", 310));
    history.add(transition(7, "web", "PENDING", "WAITING_APPROVAL", "ev-app", 341));
    history.add(transition(8, "web", "WAITING_APPROVAL", "SKIPPED", "c-reject", 400));
    return new ExecutionRecords(
        "e-1",
        List.of(),
        List.of(),
        commands,
        List.of(),
        List.of(),
        history,
        List.of(new Recorded<>("drs.executions", 0, 9, 0, view())),
        List.of());
  }

  private static ExecutionUpdated view() {
    WaveView db =
        wave("db", WaveStatus.COMPLETED, List.of())
            .setEndedAt(T0)
            .setReason("completed in execution e-0")
            .setCarriedOverFrom("e-0")
            .setServers(List.of(server("s-1", LaunchStatus.LAUNCHED)))
            .build();
    WaveView app =
        wave("app", WaveStatus.COMPLETED, List.of("db"))
            .setAttempt(1)
            .setStartedAt(T0.plusSeconds(311))
            .setEndedAt(T0.plusSeconds(341))
            .setReason("completed without optional servers: s-3 FAILED")
            .setApprovalRequired(true)
            .setWaitingSince(T0.plusSeconds(10))
            .setApprovedBy("alice")
            .setApprovedAt(T0.plusSeconds(310))
            .setComment("database checked")
            .setOptionalServerIds(List.of("s-3"))
            .setFailedOptionalServers(List.of("s-3"))
            .setServers(
                List.of(server("s-2", LaunchStatus.LAUNCHED), server("s-3", LaunchStatus.FAILED)))
            .build();
    WaveView web =
        wave("web", WaveStatus.SKIPPED, List.of("app"))
            .setEndedAt(T0.plusSeconds(400))
            .setReason("rejected by carol: not today")
            .setApprovalRequired(true)
            .setWaitingSince(T0.plusSeconds(345))
            .setServers(List.of(server("s-4", LaunchStatus.PENDING)))
            .build();
    return ExecutionUpdated.newBuilder()
        .setId("v-9")
        .setExecutionId("e-1")
        .setOccurredAt(T0.plusSeconds(400))
        .setSequence(9)
        .setPlanId("three-tier")
        .setPlanVersion(2)
        .setPlanName("Three tier")
        .setMode(ExecutionMode.DRILL)
        .setRequestedBy("alice")
        .setStatus(ExecutionStatus.FAILED)
        .setStartedAt(T0)
        .setEndedAt(T0.plusSeconds(400))
        .setRetryOf("e-0")
        .setWaves(List.of(db, app, web))
        .build();
  }

  @Test
  void givenEveryKindOfCommand_whenTimelined_thenEachIsListedWithWhoAskedAndWhere() {
    // when
    List<Timeline.Entry> commands =
        Timeline.of(records()).stream().filter(e -> e.kind().equals("COMMAND")).toList();

    // then
    assertThat(commands)
        .extracting(Timeline.Entry::what, Timeline.Entry::text)
        .containsExactly(
            tuple("PauseExecution", "pause requested by bob: network change"),
            tuple("ResumeExecution", "resume requested by bob"),
            tuple("ApproveWave", "approval of wave app requested by alice: database checked"),
            tuple("RejectWave", "rejection of wave web requested by carol: not today"));
    assertThat(commands.get(2).id()).isEqualTo("c-approve");
    assertThat(commands.get(2).at()).isEqualTo(T0.plusSeconds(310));
    assertThat(commands.get(2).where()).isEqualTo("drs.execution-commands/0@2");
  }

  @Test
  void givenTheHistory_whenReported_thenEachCommandWithTheTransitionsItCaused() {
    // when
    List<OperatorAction> actions = Report.of(records()).actions();

    // then
    assertThat(actions)
        .extracting(OperatorAction::requestedBy, OperatorAction::effects)
        .containsExactly(
            tuple("bob", List.of("execution RUNNING -> PAUSED")),
            tuple("bob", List.of("execution PAUSED -> RUNNING")),
            tuple("alice", List.of("wave app WAITING_APPROVAL -> PENDING -> LAUNCHING")),
            tuple("carol", List.of("wave web WAITING_APPROVAL -> SKIPPED")));
  }

  @Test
  void givenTheView_whenReported_thenApprovalWaitsOptionalServersCarryOverAndRetryOf() {
    // when
    Report report = Report.of(records());

    // then
    assertThat(report.retryOf()).isEqualTo("e-0");
    WaveSpan db = report.waves().get(0);
    WaveSpan app = report.waves().get(1);
    WaveSpan web = report.waves().get(2);
    assertThat(db.carriedOver()).isEqualTo(new WaveSpan.CarryOver("e-0", null));
    assertThat(app.duration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(app.approvalWait()).isEqualTo(Duration.ofSeconds(300));
    assertThat(app.failedServers())
        .containsExactly(new WaveSpan.FailedServer("s-3", "FAILED", true));
    assertThat(ReportText.approval(web)).isEqualTo("waited 55 s for approval; not approved");
    assertThat(TextReport.lines(report))
        .contains(
            "               carried over from execution e-0, not relaunched",
            "               approved by alice at 2026-01-01T10:05:10Z after waiting 5 min 00 s:"
                + " \"database checked\"",
            "      changed: wave web WAITING_APPROVAL -> SKIPPED");
  }

  private static Recorded<SpecificRecord> command(long offset, SpecificRecord value) {
    return new Recorded<>("drs.execution-commands", 0, offset, 0, value);
  }

  private static Recorded<ExecutionTransition> transition(
      long sequence, String waveId, String from, String to, String causationId, int at) {
    ExecutionTransition t =
        ExecutionTransition.newBuilder()
            .setId("t-" + sequence)
            .setExecutionId("e-1")
            .setOccurredAt(T0.plusSeconds(at))
            .setCausationId(causationId)
            .setSequence(sequence)
            .setPlanId("three-tier")
            .setWaveId(waveId)
            .setFromStatus(from)
            .setToStatus(to)
            .setCausationType("test")
            .build();
    return new Recorded<>("drs.execution-history", 0, sequence, 0, t);
  }

  private static WaveView.Builder wave(String id, WaveStatus status, List<String> dependsOn) {
    return WaveView.newBuilder()
        .setWaveId(id)
        .setName(id)
        .setRegion("us-east-1")
        .setStatus(status)
        .setDependsOn(dependsOn);
  }

  private static ServerLaunch server(String id, LaunchStatus status) {
    return ServerLaunch.newBuilder().setSourceServerId(id).setLaunchStatus(status).build();
  }
}
