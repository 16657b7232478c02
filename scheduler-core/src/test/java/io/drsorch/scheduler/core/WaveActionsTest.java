package io.drsorch.scheduler.core;

import static io.drsorch.scheduler.Inputs.T0;
import static io.drsorch.scheduler.Inputs.cancel;
import static io.drsorch.scheduler.Inputs.completed;
import static io.drsorch.scheduler.Inputs.launched;
import static io.drsorch.scheduler.Inputs.pause;
import static io.drsorch.scheduler.Inputs.request;
import static io.drsorch.scheduler.Inputs.resume;
import static io.drsorch.scheduler.Inputs.serverLaunch;
import static io.drsorch.scheduler.Inputs.wave;
import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.ActionFailurePolicy;
import io.drsorch.avro.ActionPhase;
import io.drsorch.avro.ActionStatus;
import io.drsorch.avro.ActionType;
import io.drsorch.avro.ActionView;
import io.drsorch.avro.CarriedOver;
import io.drsorch.avro.ExecutionStatus;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.ExecutionWave;
import io.drsorch.avro.JobSlotsReleased;
import io.drsorch.avro.LaunchStatus;
import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.RunWaveAction;
import io.drsorch.avro.WaveAction;
import io.drsorch.avro.WaveActionEnded;
import io.drsorch.avro.WaveActionStarted;
import io.drsorch.avro.WaveStatus;
import io.drsorch.avro.WaveView;
import io.drsorch.scheduler.publication.Publication;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Actions before and after a wave: decided one at a time, in order; a wave completes only when its
 * after actions succeeded; a failure fails it (dependents skipped) unless the action may continue.
 */
class WaveActionsTest {

  private static final String EXEC = "exec-1";
  private static final RetryPolicy POLICY =
      new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ZERO);

  private final Decider decider = new Decider(POLICY);
  private ExecutionState state;
  private final List<LaunchWave> launches = new ArrayList<>();
  private final List<RunWaveAction> actions = new ArrayList<>();
  private final List<JobSlotsReleased> releases = new ArrayList<>();
  private final List<String> history = new ArrayList<>();
  private ExecutionUpdated view;

  private List<ExecutionEvent> at(Instant now, Object input) {
    List<ExecutionEvent> events = decider.decide(state, input, now);
    if (!events.isEmpty()) {
      Publication p = Publication.of(state, events);
      state = p.state();
      launches.addAll(p.launches());
      actions.addAll(p.actions());
      releases.addAll(p.slotReleases());
      p.transitions().forEach(t -> history.add(t.getFromStatus() + ">" + t.getToStatus()));
      view = p.view();
    }
    return events;
  }

  private static WaveAction ssm(String name, ActionFailurePolicy onFailure) {
    return WaveAction.newBuilder()
        .setName(name)
        .setType(ActionType.SSM_AUTOMATION)
        .setTimeoutMinutes(5)
        .setOnFailure(onFailure)
        .setDocumentName("Db-Ready")
        .setParameters(
            Map.of(
                "InstanceIds", List.of("{{recoveryInstanceIds}}"),
                "Execution", List.of("{{executionId}}")))
        .build();
  }

  private static WaveAction http(String name) {
    return WaveAction.newBuilder()
        .setName(name)
        .setType(ActionType.HTTP_CHECK)
        .setTimeoutMinutes(2)
        .setUrl("http://127.0.0.1:9/health")
        .build();
  }

  private static ExecutionWave withActions(
      ExecutionWave w, List<WaveAction> before, List<WaveAction> after) {
    return ExecutionWave.newBuilder(w).setBefore(before).setAfter(after).build();
  }

  private static WaveActionStarted started(RunWaveAction cmd, String automationId) {
    return WaveActionStarted.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setExecutionId(cmd.getExecutionId())
        .setOccurredAt(T0)
        .setCausationId(cmd.getId())
        .setRequestId(cmd.getRequestId())
        .setWaveId(cmd.getWaveId())
        .setPhase(cmd.getPhase())
        .setIndex(cmd.getIndex())
        .setAction(cmd.getAction())
        .setRegion(cmd.getRegion())
        .setDeadline(cmd.getDeadline())
        .setAutomationExecutionId(automationId)
        .build();
  }

  private static WaveActionEnded ended(RunWaveAction cmd, ActionStatus outcome, String reason) {
    return WaveActionEnded.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setExecutionId(cmd.getExecutionId())
        .setOccurredAt(T0)
        .setCausationId(cmd.getId())
        .setRequestId(cmd.getRequestId())
        .setWaveId(cmd.getWaveId())
        .setPhase(cmd.getPhase())
        .setIndex(cmd.getIndex())
        .setOutcome(outcome)
        .setReason(reason)
        .build();
  }

  private WaveStatus status(String waveId) {
    return state.wave(waveId).orElseThrow().status();
  }

  private WaveView waveView(String waveId) {
    return view.getWaves().stream().filter(w -> w.getWaveId().equals(waveId)).findFirst().get();
  }

  private List<String> launchedWaves() {
    return launches.stream().map(LaunchWave::getWaveId).toList();
  }

  private RunWaveAction lastAction() {
    return actions.get(actions.size() - 1);
  }

  @Test
  void givenDbWithAnAfterAction_whenDbLaunched_thenAppWaitsForTheActionToSucceed() {
    at(
        T0,
        request(
            EXEC,
            "plan-1",
            withActions(wave("db"), List.of(), List.of(ssm("db-ready", null))),
            wave("app", "db")));
    at(T0.plusSeconds(1), launched(EXEC, "db", 1, "drsjob-db"));

    at(T0.plusSeconds(10), completed(EXEC, "db", 1, "drsjob-db"));

    assertThat(status("db")).as("launched is not yet recovered").isEqualTo(WaveStatus.RUNNING);
    assertThat(launchedWaves()).containsExactly("db");
    assertThat(releases).as("the DRS job slots are free once every server launched").hasSize(1);
    RunWaveAction cmd = lastAction();
    assertThat(cmd.getPhase()).isEqualTo(ActionPhase.AFTER);
    assertThat(cmd.getRecoveryInstanceIds()).containsExactly("i-0db");
    assertThat(cmd.getRequestId()).isEqualTo(EXEC + "/db/1/AFTER/0");
    assertThat(cmd.getDeadline()).isEqualTo(T0.plusSeconds(10).plus(Duration.ofMinutes(5)));
    assertThat(waveView("db").getReason()).isEqualTo("after action 'db-ready' running");
    assertThat(waveView("db").getActions())
        .extracting(ActionView::getStatus)
        .containsExactly(ActionStatus.RUNNING);

    at(T0.plusSeconds(11), started(cmd, "auto-1"));
    assertThat(waveView("db").getActions().get(0).getAutomationExecutionId()).isEqualTo("auto-1");
    assertThat(at(T0.plusSeconds(11), completed(EXEC, "db", 1, "drsjob-db")))
        .as("a repeated DRS report changes nothing")
        .isEmpty();

    at(T0.plusSeconds(13), ended(cmd, ActionStatus.SUCCEEDED, null));

    assertThat(status("db")).isEqualTo(WaveStatus.COMPLETED);
    assertThat(launchedWaves()).containsExactly("db", "app");
    assertThat(launches.get(1).getOccurredAt()).isEqualTo(T0.plusSeconds(13));
    assertThat(history)
        .contains("ACTION_PENDING>ACTION_RUNNING", "ACTION_RUNNING>ACTION_SUCCEEDED");
    assertThat(at(T0.plusSeconds(14), ended(cmd, ActionStatus.SUCCEEDED, null))).isEmpty();
  }

  @Test
  void givenAFailingAfterAction_thenTheWaveFailsNamingItAndDependentsAreSkipped() {
    at(
        T0,
        request(
            EXEC,
            "plan-1",
            withActions(wave("db"), List.of(), List.of(ssm("db-ready", null))),
            wave("app", "db")));
    at(T0.plusSeconds(1), launched(EXEC, "db", 1, "drsjob-db"));
    at(T0.plusSeconds(10), completed(EXEC, "db", 1, "drsjob-db"));

    at(T0.plusSeconds(12), ended(lastAction(), ActionStatus.FAILED, "Step db failed: no such db"));

    assertThat(status("db")).isEqualTo(WaveStatus.FAILED);
    assertThat(waveView("db").getReason())
        .isEqualTo("after action 'db-ready' (SSM_AUTOMATION) failed: Step db failed: no such db");
    assertThat(status("app")).isEqualTo(WaveStatus.SKIPPED);
    assertThat(launchedWaves()).containsExactly("db");
    assertThat(state.status()).isEqualTo(ExecutionStatus.FAILED);
  }

  @Test
  void givenAFailingActionThatMayContinue_thenTheFailureIsRecordedAndTheWaveGoesOn() {
    at(
        T0,
        request(
            EXEC,
            "plan-1",
            withActions(
                wave("db"),
                List.of(),
                List.of(ssm("warm-cache", ActionFailurePolicy.CONTINUE), http("health"))),
            wave("app", "db")));
    at(T0.plusSeconds(1), launched(EXEC, "db", 1, "drsjob-db"));
    at(T0.plusSeconds(10), completed(EXEC, "db", 1, "drsjob-db"));

    at(T0.plusSeconds(12), ended(lastAction(), ActionStatus.TIMED_OUT, "no result in 5 minutes"));

    assertThat(status("db")).isEqualTo(WaveStatus.RUNNING);
    assertThat(lastAction().getAction().getName()).isEqualTo("health");
    at(T0.plusSeconds(15), ended(lastAction(), ActionStatus.SUCCEEDED, null));

    assertThat(status("db")).isEqualTo(WaveStatus.COMPLETED);
    assertThat(launchedWaves()).containsExactly("db", "app");
    ActionView warm = waveView("db").getActions().get(0);
    assertThat(warm.getStatus()).isEqualTo(ActionStatus.TIMED_OUT);
    assertThat(warm.getContinued()).isTrue();
    assertThat(warm.getReason()).isEqualTo("no result in 5 minutes");
  }

  @Test
  void givenBeforeActions_thenTheyRunInOrderBeforeTheLaunch_andAFailureMeansNoLaunch() {
    at(
        T0,
        request(
            EXEC,
            "plan-1",
            withActions(wave("db"), List.of(ssm("stop-writes", null), http("dns")), List.of()),
            withActions(wave("cache"), List.of(ssm("flush", null)), List.of())));

    assertThat(launches).isEmpty();
    assertThat(actions)
        .extracting(a -> a.getWaveId() + ":" + a.getAction().getName())
        .containsExactly("db:stop-writes", "cache:flush");
    assertThat(status("db")).isEqualTo(WaveStatus.RUNNING);
    assertThat(releases).isEmpty();

    at(T0.plusSeconds(2), ended(actions.get(0), ActionStatus.SUCCEEDED, null));
    assertThat(lastAction().getAction().getName()).isEqualTo("dns");
    assertThat(launches).isEmpty();
    at(T0.plusSeconds(4), ended(lastAction(), ActionStatus.SUCCEEDED, null));
    assertThat(launchedWaves()).containsExactly("db");
    assertThat(launches.get(0).getDependenciesEndedAt())
        .as("the hop starts when the last before action ended")
        .isEqualTo(T0.plusSeconds(4));

    at(T0.plusSeconds(5), ended(actions.get(1), ActionStatus.FAILED, "flush refused"));
    assertThat(status("cache")).isEqualTo(WaveStatus.FAILED);
    assertThat(launchedWaves()).containsExactly("db");
  }

  @Test
  void givenAPausedExecution_thenNoActionStartsUntilResumed_butAWaveMayComplete() {
    at(
        T0,
        request(
            EXEC,
            "plan-1",
            withActions(wave("db"), List.of(), List.of(http("a"), http("b"))),
            wave("app", "db")));
    at(T0.plusSeconds(1), launched(EXEC, "db", 1, "drsjob-db"));
    at(T0.plusSeconds(10), completed(EXEC, "db", 1, "drsjob-db"));
    at(T0.plusSeconds(11), pause(EXEC, "carol"));

    at(T0.plusSeconds(12), ended(lastAction(), ActionStatus.SUCCEEDED, null));
    assertThat(actions).hasSize(1);
    at(T0.plusSeconds(20), resume(EXEC, "carol"));
    assertThat(actions).extracting(a -> a.getAction().getName()).containsExactly("a", "b");
    at(T0.plusSeconds(21), pause(EXEC, "carol"));
    at(T0.plusSeconds(22), ended(lastAction(), ActionStatus.SUCCEEDED, null));

    assertThat(status("db")).isEqualTo(WaveStatus.COMPLETED);
    assertThat(launchedWaves()).as("app waits for the resume").containsExactly("db");
  }

  @Test
  void givenACancelWhileAnActionRuns_thenTheWaveIsCancelled_andTheActionsEndIsStillRecorded() {
    at(
        T0,
        request(
            EXEC,
            "plan-1",
            withActions(wave("db"), List.of(), List.of(http("a"), http("b"))),
            wave("app", "db")));
    at(T0.plusSeconds(1), launched(EXEC, "db", 1, "drsjob-db"));
    at(T0.plusSeconds(10), completed(EXEC, "db", 1, "drsjob-db"));

    at(T0.plusSeconds(11), cancel(EXEC));

    assertThat(status("db")).isEqualTo(WaveStatus.CANCELLED);
    assertThat(state.status()).isEqualTo(ExecutionStatus.CANCELLED);
    assertThat(waveView("db").getActions())
        .extracting(ActionView::getStatus)
        .containsExactly(ActionStatus.RUNNING, ActionStatus.SKIPPED);
  }

  @Test
  void givenAWaveTimeoutDuringAnAction_thenTheWaveTimesOut() {
    ExecutionWave db =
        ExecutionWave.newBuilder(withActions(wave("db"), List.of(http("a")), List.of()))
            .setTimeoutMinutes(1)
            .build();
    at(T0, request(EXEC, "plan-1", db));

    assertThat(decider.nextTimer(state)).contains(T0.plusSeconds(60));
    at(T0.plusSeconds(60), new Tick(EXEC, T0.plusSeconds(60)));

    assertThat(status("db")).isEqualTo(WaveStatus.TIMED_OUT);
    assertThat(launches).isEmpty();
  }

  @Test
  void givenARetryOfAWaveWhoseAfterActionFailed_thenItsActionRunsAgainBeforeItCompletes() {
    // given: db's servers all launched in exec-0, but its health check failed there
    CarriedOver carried =
        CarriedOver.newBuilder()
            .setFromExecutionId("exec-0")
            .setDone(false)
            .setJobIds(List.of("drsjob-db"))
            .setServers(List.of(serverLaunch("db", LaunchStatus.LAUNCHED, "drsjob-db")))
            .build();
    ExecutionWave db =
        ExecutionWave.newBuilder(withActions(wave("db"), List.of(), List.of(http("health"))))
            .setCarriedOver(carried)
            .build();

    // when: the retry is admitted
    at(T0, request(EXEC, "plan-1", db, wave("app", "db")));

    // then: nothing is launched again, the health check runs again, and only then app launches
    assertThat(launches).isEmpty();
    assertThat(status("db")).isEqualTo(WaveStatus.RUNNING);
    assertThat(actions).extracting(a -> a.getAction().getName()).containsExactly("health");
    assertThat(actions.get(0).getRecoveryInstanceIds()).containsExactly("i-0db");
    at(T0.plusSeconds(3), ended(lastAction(), ActionStatus.SUCCEEDED, null));
    assertThat(status("db")).isEqualTo(WaveStatus.COMPLETED);
    assertThat(waveView("db").getReason()).isEqualTo("every server launched in execution exec-0");
    assertThat(launchedWaves()).containsExactly("app");
  }
}
