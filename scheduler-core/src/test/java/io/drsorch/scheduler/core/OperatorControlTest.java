package io.drsorch.scheduler.core;

import static io.drsorch.scheduler.Inputs.T0;
import static io.drsorch.scheduler.Inputs.approve;
import static io.drsorch.scheduler.Inputs.cancel;
import static io.drsorch.scheduler.Inputs.completed;
import static io.drsorch.scheduler.Inputs.failed;
import static io.drsorch.scheduler.Inputs.launched;
import static io.drsorch.scheduler.Inputs.pause;
import static io.drsorch.scheduler.Inputs.reject;
import static io.drsorch.scheduler.Inputs.request;
import static io.drsorch.scheduler.Inputs.resume;
import static io.drsorch.scheduler.Inputs.server;
import static io.drsorch.scheduler.Inputs.wave;
import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.CarriedOver;
import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionStatus;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.ExecutionWave;
import io.drsorch.avro.LaunchStatus;
import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.ServerLaunch;
import io.drsorch.avro.WaveCompleted;
import io.drsorch.avro.WaveFailed;
import io.drsorch.avro.WaveStatus;
import io.drsorch.avro.WaveView;
import io.drsorch.scheduler.publication.Publication;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Approval gates, pause and resume, retries from the point of failure, optional servers. */
class OperatorControlTest {

  private static final String EXEC = "exec-1";
  private static final RetryPolicy POLICY =
      new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ZERO);

  private final Decider decider = new Decider(POLICY);
  private ExecutionState state;
  private final List<LaunchWave> launches = new ArrayList<>();
  private ExecutionUpdated view;
  private Publication last;

  /** Decides and publishes, as the processor does for one input at {@code now}. */
  private List<ExecutionEvent> at(Instant now, Object input) {
    List<ExecutionEvent> events = decider.decide(state, input, now);
    if (!events.isEmpty()) {
      last = Publication.of(state, events);
      state = last.state();
      launches.addAll(last.launches());
      view = last.view();
    }
    return events;
  }

  private WaveStatus status(String waveId) {
    return state.wave(waveId).orElseThrow().status();
  }

  private WaveView waveView(String waveId) {
    return view.getWaves().stream().filter(w -> w.getWaveId().equals(waveId)).findFirst().get();
  }

  private List<String> launchedWaves() {
    return launches.stream().map(l -> l.getWaveId() + "#" + l.getAttempt()).toList();
  }

  private static ExecutionWave gated(String waveId, Integer timeoutMinutes, String... dependsOn) {
    return ExecutionWave.newBuilder(wave(waveId, dependsOn))
        .setApprovalRequired(true)
        .setApprovalTimeoutMinutes(timeoutMinutes)
        .build();
  }

  private void complete(String waveId, Instant at) {
    at(at, launched(EXEC, waveId, 1, "drsjob-" + waveId));
    at(at, completed(EXEC, waveId, 1, "drsjob-" + waveId));
  }

  @Test
  void givenGateOnApp_whenDbCompletes_thenAppWaitsAndLaunchesTheMomentItIsApproved() {
    at(T0, request(EXEC, "plan-1", wave("db"), gated("app", null, "db"), wave("web", "app")));
    complete("db", T0.plusSeconds(10));

    assertThat(status("app")).isEqualTo(WaveStatus.WAITING_APPROVAL);
    assertThat(launchedWaves()).containsExactly("db#1");
    assertThat(waveView("app").getReason()).isEqualTo("waiting for approval");
    assertThat(waveView("app").getWaitingSince()).isEqualTo(T0.plusSeconds(10));
    assertThat(decider.nextTimer(state)).as("no approval deadline: it waits for ever").isEmpty();

    Instant approvedAt = T0.plusSeconds(70);
    at(approvedAt, approve(EXEC, "app", "carol", "replica consistent"));

    assertThat(status("app")).isEqualTo(WaveStatus.LAUNCHING);
    assertThat(launchedWaves()).containsExactly("db#1", "app#1");
    assertThat(launches.get(1).getOccurredAt()).isEqualTo(approvedAt);
    assertThat(waveView("app").getApprovedBy()).isEqualTo("carol");
    assertThat(waveView("app").getApprovedAt()).isEqualTo(approvedAt);
    assertThat(waveView("app").getComment()).isEqualTo("replica consistent");
    assertThat(last.transitions())
        .extracting(t -> t.getFromStatus() + ">" + t.getToStatus())
        .containsExactly("WAITING_APPROVAL>PENDING", "PENDING>LAUNCHING");

    complete("app", T0.plusSeconds(80));
    complete("web", T0.plusSeconds(90));
    assertThat(state.status()).isEqualTo(ExecutionStatus.COMPLETED);
  }

  @Test
  void givenGateOnARoot_whenAdmitted_thenItWaitsWhileTheIndependentBranchLaunches() {
    at(T0, request(EXEC, "plan-1", gated("db", null), wave("cache")));

    assertThat(status("db")).isEqualTo(WaveStatus.WAITING_APPROVAL);
    assertThat(launchedWaves()).containsExactly("cache#1");
  }

  @Test
  void givenWaveNotWaiting_whenApprovedOrRejected_thenNothingHappens() {
    at(T0, request(EXEC, "plan-1", wave("db"), gated("app", null, "db")));

    assertThat(at(T0.plusSeconds(1), approve(EXEC, "app", "carol", null))).isEmpty();
    assertThat(at(T0.plusSeconds(1), reject(EXEC, "db", "carol", null))).isEmpty();
    assertThat(at(T0.plusSeconds(1), approve(EXEC, "nope", "carol", null))).isEmpty();
    complete("db", T0.plusSeconds(2));
    assertThat(status("app")).isEqualTo(WaveStatus.WAITING_APPROVAL);
  }

  @Test
  void givenWaitingGate_whenRejected_thenItAndItsDependentsAreSkippedAndTheExecutionFails() {
    at(
        T0,
        request(
            EXEC,
            "plan-1",
            wave("db"),
            gated("app", null, "db"),
            wave("web", "app"),
            wave("cache")));
    complete("db", T0.plusSeconds(5));
    complete("cache", T0.plusSeconds(6));

    at(T0.plusSeconds(30), reject(EXEC, "app", "carol", "replica lags"));

    assertThat(status("app")).isEqualTo(WaveStatus.SKIPPED);
    assertThat(state.wave("app").orElseThrow().reason())
        .isEqualTo("rejected by carol: replica lags");
    assertThat(status("web")).isEqualTo(WaveStatus.SKIPPED);
    assertThat(state.wave("web").orElseThrow().reason()).contains("depends on wave app");
    assertThat(state.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(state.reason()).isEqualTo("waves did not complete: app SKIPPED");
    assertThat(launchedWaves()).containsExactly("db#1", "cache#1");
  }

  @Test
  void givenGateWithTimeout_whenNobodyDecides_thenItTimesOutAndItsDependentsAreSkipped() {
    at(T0, request(EXEC, "plan-1", wave("db"), gated("app", 5, "db"), wave("web", "app")));
    complete("db", T0.plusSeconds(10));
    Instant deadline = T0.plusSeconds(10).plus(Duration.ofMinutes(5));
    assertThat(decider.nextTimer(state)).contains(deadline);
    assertThat(waveView("app").getReason()).isEqualTo("waiting for approval until " + deadline);

    assertThat(at(deadline.minusMillis(1), new Tick(EXEC, deadline.minusMillis(1)))).isEmpty();
    at(deadline, new Tick(EXEC, deadline));

    assertThat(status("app")).isEqualTo(WaveStatus.TIMED_OUT);
    assertThat(state.wave("app").orElseThrow().reason()).isEqualTo("no approval within 5 minutes");
    assertThat(status("web")).isEqualTo(WaveStatus.SKIPPED);
    assertThat(state.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(launchedWaves()).containsExactly("db#1");
  }

  @Test
  void givenPauseDuringDbsJob_whenDbCompletes_thenAppWaitsForTheResumeAndLaunchesAtIt() {
    at(T0, request(EXEC, "plan-1", wave("db"), wave("app", "db")));
    at(T0.plusSeconds(1), launched(EXEC, "db", 1, "drsjob-db"));

    at(T0.plusSeconds(2), pause(EXEC, "dave"));
    assertThat(state.status()).isEqualTo(ExecutionStatus.PAUSED);
    assertThat(view.getPausedBy()).isEqualTo("dave");
    assertThat(view.getReason()).isEqualTo("paused by dave: DBA checks replication");
    assertThat(last.release()).as("a pause does not free the plan").isNull();

    at(T0.plusSeconds(5), completed(EXEC, "db", 1, "drsjob-db"));
    assertThat(status("db")).isEqualTo(WaveStatus.COMPLETED);
    assertThat(status("app")).isEqualTo(WaveStatus.PENDING);
    assertThat(waveView("app").getReason()).isEqualTo("waiting for resume");
    assertThat(launchedWaves()).containsExactly("db#1");

    Instant resumedAt = T0.plusSeconds(60);
    at(resumedAt, resume(EXEC, "dave"));
    assertThat(state.status()).isEqualTo(ExecutionStatus.RUNNING);
    assertThat(view.getPausedBy()).isNull();
    assertThat(launchedWaves()).containsExactly("db#1", "app#1");
    assertThat(launches.get(1).getOccurredAt()).isEqualTo(resumedAt);
  }

  @Test
  void givenPausedExecution_whenItsTimeoutPasses_thenItTimesOutAnyway() {
    ExecutionRequested request = request(EXEC, "plan-1", wave("db"), wave("app", "db"));
    request.setExecutionTimeoutMinutes(30);
    at(T0, request);
    at(T0.plusSeconds(1), pause(EXEC, "dave"));
    Instant due = decider.nextTimer(state).orElseThrow();
    assertThat(due).isEqualTo(T0.plus(Duration.ofMinutes(30)));

    at(due, new Tick(EXEC, due));

    assertThat(state.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
    assertThat(last.release()).as("the plan is freed when it ends").isNotNull();
  }

  @Test
  void givenPausedExecution_whenCancelled_thenItEndsCancelledOnceNothingRuns() {
    at(T0, request(EXEC, "plan-1", wave("db"), wave("app", "db")));
    at(T0.plusSeconds(1), launched(EXEC, "db", 1, "drsjob-db"));
    at(T0.plusSeconds(2), pause(EXEC, "dave"));

    at(T0.plusSeconds(3), cancel(EXEC));
    at(T0.plusSeconds(4), completed(EXEC, "db", 1, "drsjob-db"));

    assertThat(status("app")).isEqualTo(WaveStatus.CANCELLED);
    assertThat(state.status()).isEqualTo(ExecutionStatus.CANCELLED);
    assertThat(at(T0.plusSeconds(5), resume(EXEC, "dave"))).isEmpty();
  }

  @Test
  void givenGateReachedWhilePaused_whenApproved_thenItLaunchesOnlyAtTheResume() {
    at(T0, request(EXEC, "plan-1", wave("db"), gated("app", null, "db")));
    at(T0.plusSeconds(1), pause(EXEC, "dave"));
    complete("db", T0.plusSeconds(2));
    assertThat(status("app")).isEqualTo(WaveStatus.WAITING_APPROVAL);

    at(T0.plusSeconds(3), approve(EXEC, "app", "carol", null));
    assertThat(status("app")).isEqualTo(WaveStatus.PENDING);
    assertThat(waveView("app").getReason()).isEqualTo("waiting for resume");

    at(T0.plusSeconds(4), resume(EXEC, "dave"));
    assertThat(status("app")).isEqualTo(WaveStatus.LAUNCHING);
  }

  /** db done, app1 failed with one of its two servers launched, app2 done, web never started. */
  private ExecutionRequested retry(boolean skipApp1) {
    String old = "exec-0";
    String app1Launched = "s-00000000000000a11";
    String app1Failed = "s-00000000000000a12";
    ExecutionWave db =
        ExecutionWave.newBuilder(wave("db"))
            .setCarriedOver(done(old, "drsjob-db", launchedServer(server("db"), "drsjob-db")))
            .build();
    CarriedOver app1Carried =
        CarriedOver.newBuilder()
            .setFromExecutionId(old)
            .setDone(skipApp1)
            .setJobIds(List.of("drsjob-app1"))
            .setServers(List.of(launchedServer(app1Launched, "drsjob-app1")))
            .setOverrideBy(skipApp1 ? "erin" : null)
            .setOverrideReason(skipApp1 ? "started by hand" : null)
            .build();
    ExecutionWave app1 =
        ExecutionWave.newBuilder(wave("app1", "db"))
            .setSourceServerIds(List.of(app1Launched, app1Failed))
            .setCarriedOver(app1Carried)
            .build();
    ExecutionWave app2 =
        ExecutionWave.newBuilder(wave("app2", "db"))
            .setCarriedOver(done(old, "drsjob-app2", launchedServer(server("app2"), "drsjob-app2")))
            .build();
    ExecutionRequested request =
        request(EXEC, "plan-1", db, app1, app2, wave("web", "app1", "app2"));
    request.setRetryOf(old);
    return request;
  }

  private static CarriedOver done(String from, String job, ServerLaunch server) {
    return CarriedOver.newBuilder()
        .setFromExecutionId(from)
        .setDone(true)
        .setJobIds(List.of(job))
        .setServers(List.of(server))
        .build();
  }

  private static ServerLaunch launchedServer(String id, String job) {
    return ServerLaunch.newBuilder()
        .setSourceServerId(id)
        .setLaunchStatus(LaunchStatus.LAUNCHED)
        .setRecoveryInstanceId("i-0" + id.substring(2, 12))
        .setJobId(job)
        .build();
  }

  @Test
  void
      givenRetry_whenAdmitted_thenCompletedWavesAreCarriedAndTheFailedWaveLaunchesOnlyItsFailedServer() {
    at(T0, retry(false));

    assertThat(status("db")).isEqualTo(WaveStatus.COMPLETED);
    assertThat(status("app2")).isEqualTo(WaveStatus.COMPLETED);
    assertThat(state.wave("db").orElseThrow().jobIds()).containsExactly("drsjob-db");
    assertThat(waveView("db").getReason()).isEqualTo("completed in execution exec-0");
    assertThat(waveView("db").getCarriedOverFrom()).isEqualTo("exec-0");
    assertThat(view.getRetryOf()).isEqualTo("exec-0");
    assertThat(launchedWaves()).containsExactly("app1#1");
    assertThat(launches.get(0).getSourceServerIds()).containsExactly("s-00000000000000a12");
    assertThat(last.transitions())
        .extracting(t -> t.getWaveId() + ":" + t.getFromStatus() + ">" + t.getToStatus())
        .contains("db:PENDING>COMPLETED", "app2:PENDING>COMPLETED", "app1:PENDING>LAUNCHING");

    at(T0.plusSeconds(1), launched(EXEC, "app1", 1, "drsjob-app1b"));
    WaveCompleted done =
        WaveCompleted.newBuilder(completed(EXEC, "app1", 1, "drsjob-app1b"))
            .setServers(List.of(launchedServer("s-00000000000000a12", "drsjob-app1b")))
            .build();
    at(T0.plusSeconds(2), done);

    assertThat(status("app1")).isEqualTo(WaveStatus.COMPLETED);
    assertThat(state.wave("app1").orElseThrow().servers())
        .extracting(ServerState::sourceServerId, ServerState::jobId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("s-00000000000000a11", "drsjob-app1"),
            org.assertj.core.groups.Tuple.tuple("s-00000000000000a12", "drsjob-app1b"));
    assertThat(launchedWaves()).containsExactly("app1#1", "web#1");
  }

  @Test
  void givenRetrySkippingTheFailedWave_whenAdmitted_thenItIsDoneByOverrideAndItsDependentsRun() {
    at(T0, retry(true));

    assertThat(status("app1")).isEqualTo(WaveStatus.COMPLETED);
    assertThat(waveView("app1").getOverrideBy()).isEqualTo("erin");
    assertThat(waveView("app1").getReason())
        .isEqualTo(
            "marked done by erin without relaunching (it failed in execution exec-0): started by"
                + " hand");
    assertThat(launchedWaves()).containsExactly("web#1");
  }

  private static ExecutionWave withOptional(String waveId, String... dependsOn) {
    return ExecutionWave.newBuilder(wave(waveId, dependsOn))
        .setSourceServerIds(List.of(server(waveId), "s-0000000000000opt1"))
        .setOptionalServerIds(List.of("s-0000000000000opt1"))
        .build();
  }

  @Test
  void givenOptionalServer_whenOnlyItFails_thenTheWaveCompletesAndFlagsIt() {
    at(T0, request(EXEC, "plan-1", withOptional("app"), wave("web", "app")));
    at(T0.plusSeconds(1), launched(EXEC, "app", 1, "drsjob-app"));
    WaveFailed failed =
        WaveFailed.newBuilder(failed(EXEC, "app", 1, "drsjob-app"))
            .setServers(
                List.of(
                    launchedServer(server("app"), "drsjob-app"),
                    ServerLaunch.newBuilder()
                        .setSourceServerId("s-0000000000000opt1")
                        .setLaunchStatus(LaunchStatus.FAILED)
                        .setJobId("drsjob-app")
                        .build()))
            .setFailedServerIds(List.of("s-0000000000000opt1"))
            .setReason("1 of 2 servers did not launch: s-0000000000000opt1 FAILED")
            .build();

    at(T0.plusSeconds(2), failed);

    assertThat(status("app")).isEqualTo(WaveStatus.COMPLETED);
    assertThat(waveView("app").getFailedOptionalServers()).containsExactly("s-0000000000000opt1");
    assertThat(waveView("app").getReason()).startsWith("completed without optional servers: ");
    assertThat(launchedWaves()).containsExactly("app#1", "web#1");
  }

  @Test
  void givenOptionalServer_whenARequiredServerFailsToo_thenTheWaveFails() {
    at(T0, request(EXEC, "plan-1", withOptional("app"), wave("web", "app")));
    at(T0.plusSeconds(1), launched(EXEC, "app", 1, "drsjob-app"));
    WaveFailed failed =
        WaveFailed.newBuilder(failed(EXEC, "app", 1, "drsjob-app"))
            .setFailedServerIds(List.of(server("app"), "s-0000000000000opt1"))
            .build();

    at(T0.plusSeconds(2), failed);

    assertThat(status("app")).isEqualTo(WaveStatus.FAILED);
    assertThat(status("web")).isEqualTo(WaveStatus.SKIPPED);
  }
}
