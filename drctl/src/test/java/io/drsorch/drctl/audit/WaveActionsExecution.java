package io.drsorch.drctl.audit;

import io.drsorch.avro.ActionFailurePolicy;
import io.drsorch.avro.ActionStatus;
import io.drsorch.avro.ActionType;
import io.drsorch.avro.ExecutionMode;
import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionTransition;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.ExecutionWave;
import io.drsorch.avro.JobStatus;
import io.drsorch.avro.JobStatusChanged;
import io.drsorch.avro.LaunchStatus;
import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.RunWaveAction;
import io.drsorch.avro.ServerLaunch;
import io.drsorch.avro.WaveAction;
import io.drsorch.avro.WaveActionEnded;
import io.drsorch.avro.WaveActionStarted;
import io.drsorch.avro.WaveCompleted;
import io.drsorch.avro.WaveLaunched;
import io.drsorch.scheduler.core.Decider;
import io.drsorch.scheduler.core.ExecutionEvent;
import io.drsorch.scheduler.core.ExecutionState;
import io.drsorch.scheduler.core.RetryPolicy;
import io.drsorch.scheduler.publication.Publication;
import io.drsorch.scheduler.replay.ExecutionRecords;
import io.drsorch.scheduler.replay.Recorded;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * One drill with wave actions, recorded as the scheduler records it: its inputs decided one by one
 * by the scheduler's own core ({@link Decider}, {@link Publication}), every transition, view,
 * launch and action run it published kept with the input's time.
 *
 * <p>db runs its before action stop-writes (an SSM automation, 4 s), launches, then its after
 * actions db-ready (SSM, succeeds) and smoke (an HTTP check that may fail: it answers 503 and the
 * wave goes on); app then launches and its after action app-health (SSM) fails, failing app and the
 * execution.
 */
final class WaveActionsExecution {

  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  static final String PLAN = "actions-plan";

  private final String executionId;
  private final Decider decider = new Decider(RetryPolicy.fromEnvironment(System.getenv()));
  private ExecutionState state;

  final ExecutionRequested request;
  final List<Recorded<SpecificRecord>> waveEvents = new ArrayList<>();
  final List<Recorded<ExecutionTransition>> history = new ArrayList<>();
  final List<Recorded<ExecutionUpdated>> views = new ArrayList<>();
  final List<Recorded<LaunchWave>> launches = new ArrayList<>();
  final List<Recorded<RunWaveAction>> actionRuns = new ArrayList<>();

  /** Every record the scheduler wrote to drs.wave-commands, LaunchWave and RunWaveAction. */
  final List<Recorded<SpecificRecord>> waveCommands = new ArrayList<>();

  WaveActionsExecution(String executionId) {
    this.executionId = executionId;
    this.request =
        ExecutionRequested.newBuilder()
            .setId(executionId + "-request")
            .setExecutionId(executionId)
            .setOccurredAt(T0)
            .setPlanId(PLAN)
            .setPlanVersion(1)
            .setPlanName("Actions")
            .setMode(ExecutionMode.DRILL)
            .setRequestedBy("alice")
            .setWaves(
                List.of(
                    wave("db")
                        .setBefore(List.of(ssm("stop-writes", ActionFailurePolicy.FAIL_WAVE)))
                        .setAfter(
                            List.of(
                                ssm("db-ready", ActionFailurePolicy.FAIL_WAVE),
                                http("smoke", ActionFailurePolicy.CONTINUE)))
                        .build(),
                    wave("app", "db")
                        .setAfter(List.of(ssm("app-health", ActionFailurePolicy.FAIL_WAVE)))
                        .build()))
            .build();
    decide(0, request);
    RunWaveAction stopWrites = lastRun();
    decide(2, started(stopWrites, "auto-stop", 2));
    decide(4, ended(stopWrites, ActionStatus.SUCCEEDED, null, "auto-stop", null, 4));
    decide(5, launched("db", 5));
    decide(29, jobCompleted("db", 29));
    decide(30, completed("db", 30));
    RunWaveAction dbReady = lastRun();
    decide(31, started(dbReady, "auto-ready", 31));
    decide(40, ended(dbReady, ActionStatus.SUCCEEDED, null, "auto-ready", null, 40));
    RunWaveAction smoke = lastRun();
    decide(41, started(smoke, null, 41));
    decide(50, ended(smoke, ActionStatus.FAILED, "expected HTTP 200, got 503", null, 503, 50));
    decide(51, launched("app", 51));
    decide(69, jobCompleted("app", 69));
    decide(70, completed("app", 70));
    RunWaveAction appHealth = lastRun();
    decide(71, started(appHealth, "auto-health", 71));
    decide(
        80,
        ended(
            appHealth,
            ActionStatus.FAILED,
            "Step failed: health script exited 1",
            "auto-health",
            null,
            80));
  }

  /** The records as the audit reads them: the replay's part and the action runs. */
  AuditRecords records() {
    return new AuditRecords(
        new ExecutionRecords(
            executionId,
            List.of(new Recorded<>("drs.execution-requests", 0, 0, T0.toEpochMilli(), request)),
            List.of(new Recorded<>("drs.scheduler.admissions", 0, 0, T0.toEpochMilli(), request)),
            List.of(),
            launches,
            waveEvents,
            history,
            views,
            List.of()),
        actionRuns);
  }

  private void decide(int second, Object input) {
    Instant now = T0.plusSeconds(second);
    if (input instanceof SpecificRecord event && !(input instanceof ExecutionRequested)) {
      waveEvents.add(recorded("drs.wave-events", waveEvents.size(), now, event));
    }
    List<ExecutionEvent> events = decider.decide(state, input, now);
    if (events.isEmpty()) {
      return;
    }
    Publication p = Publication.of(state, events);
    state = p.state();
    for (ExecutionTransition t : p.transitions()) {
      history.add(recorded("drs.execution-history", history.size(), now, t));
    }
    views.add(recorded("drs.executions", views.size(), now, p.view()));
    for (LaunchWave launch : p.launches()) {
      launches.add(recorded("drs.wave-commands", waveCommands.size(), now, launch));
      waveCommands.add(recorded("drs.wave-commands", waveCommands.size(), now, launch));
    }
    for (RunWaveAction run : p.actions()) {
      actionRuns.add(recorded("drs.wave-commands", waveCommands.size(), now, run));
      waveCommands.add(recorded("drs.wave-commands", waveCommands.size(), now, run));
    }
  }

  private RunWaveAction lastRun() {
    return actionRuns.get(actionRuns.size() - 1).value();
  }

  private static <T> Recorded<T> recorded(String topic, int offset, Instant at, T value) {
    return new Recorded<>(topic, 0, offset, at.toEpochMilli(), value);
  }

  private static ExecutionWave.Builder wave(String waveId, String... dependsOn) {
    return ExecutionWave.newBuilder()
        .setWaveId(waveId)
        .setName(waveId)
        .setRegion("us-east-1")
        .setSourceServerIds(List.of("s-" + waveId))
        .setDependsOn(List.of(dependsOn));
  }

  private static WaveAction ssm(String name, ActionFailurePolicy onFailure) {
    return WaveAction.newBuilder()
        .setName(name)
        .setType(ActionType.SSM_AUTOMATION)
        .setTimeoutMinutes(10)
        .setOnFailure(onFailure)
        .setDocumentName("Runbook-" + name)
        .setParameters(Map.of("InstanceIds", List.of("{{recoveryInstanceIds}}")))
        .build();
  }

  private static WaveAction http(String name, ActionFailurePolicy onFailure) {
    return WaveAction.newBuilder()
        .setName(name)
        .setType(ActionType.HTTP_CHECK)
        .setTimeoutMinutes(2)
        .setOnFailure(onFailure)
        .setUrl("https://app.example.internal/health")
        .build();
  }

  private WaveLaunched launched(String waveId, int second) {
    return WaveLaunched.newBuilder()
        .setId(executionId + "-launched-" + waveId)
        .setExecutionId(executionId)
        .setOccurredAt(T0.plusSeconds(second))
        .setWaveId(waveId)
        .setAttempt(1)
        .setRegion("us-east-1")
        .setRequestId(executionId + "/" + waveId + "/1")
        .setJobIds(List.of("drsjob-" + waveId))
        .setSourceServerIds(List.of("s-" + waveId))
        .build();
  }

  private JobStatusChanged jobCompleted(String waveId, int second) {
    return JobStatusChanged.newBuilder()
        .setId(executionId + "-job-" + waveId)
        .setExecutionId(executionId)
        .setOccurredAt(T0.plusSeconds(second))
        .setWaveId(waveId)
        .setAttempt(1)
        .setJobId("drsjob-" + waveId)
        .setStatus(JobStatus.COMPLETED)
        .setServers(List.of(launchedServer(waveId)))
        .build();
  }

  private WaveCompleted completed(String waveId, int second) {
    return WaveCompleted.newBuilder()
        .setId(executionId + "-completed-" + waveId)
        .setExecutionId(executionId)
        .setOccurredAt(T0.plusSeconds(second))
        .setWaveId(waveId)
        .setAttempt(1)
        .setJobIds(List.of("drsjob-" + waveId))
        .setServers(List.of(launchedServer(waveId)))
        .build();
  }

  private static ServerLaunch launchedServer(String waveId) {
    return ServerLaunch.newBuilder()
        .setSourceServerId("s-" + waveId)
        .setLaunchStatus(LaunchStatus.LAUNCHED)
        .setRecoveryInstanceId("i-" + waveId)
        .setJobId("drsjob-" + waveId)
        .build();
  }

  private static WaveActionStarted started(RunWaveAction run, String automationId, int second) {
    return WaveActionStarted.newBuilder()
        .setId(run.getRequestId() + "-started")
        .setExecutionId(run.getExecutionId())
        .setOccurredAt(T0.plusSeconds(second))
        .setCausationId(run.getId())
        .setRequestId(run.getRequestId())
        .setWaveId(run.getWaveId())
        .setPhase(run.getPhase())
        .setIndex(run.getIndex())
        .setAction(run.getAction())
        .setRegion(run.getRegion())
        .setDeadline(run.getDeadline())
        .setAutomationExecutionId(automationId)
        .build();
  }

  private static WaveActionEnded ended(
      RunWaveAction run,
      ActionStatus outcome,
      String reason,
      String automationId,
      Integer httpStatus,
      int second) {
    return WaveActionEnded.newBuilder()
        .setId(run.getRequestId() + "-ended")
        .setExecutionId(run.getExecutionId())
        .setOccurredAt(T0.plusSeconds(second))
        .setCausationId(run.getId())
        .setRequestId(run.getRequestId())
        .setWaveId(run.getWaveId())
        .setPhase(run.getPhase())
        .setIndex(run.getIndex())
        .setOutcome(outcome)
        .setReason(reason)
        .setAutomationExecutionId(automationId)
        .setAutomationStatus(
            automationId == null ? null : outcome == ActionStatus.SUCCEEDED ? "Success" : "Failed")
        .setLastHttpStatus(httpStatus)
        .build();
  }
}
