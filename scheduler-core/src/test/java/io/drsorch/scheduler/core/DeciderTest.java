package io.drsorch.scheduler.core;

import static io.drsorch.scheduler.Inputs.T0;
import static io.drsorch.scheduler.Inputs.cancel;
import static io.drsorch.scheduler.Inputs.completed;
import static io.drsorch.scheduler.Inputs.failed;
import static io.drsorch.scheduler.Inputs.jobStatus;
import static io.drsorch.scheduler.Inputs.launchFailed;
import static io.drsorch.scheduler.Inputs.launched;
import static io.drsorch.scheduler.Inputs.request;
import static io.drsorch.scheduler.Inputs.wave;
import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.ExecutionStatus;
import io.drsorch.avro.LaunchStatus;
import io.drsorch.avro.WaveCompleted;
import io.drsorch.avro.WaveStatus;
import io.drsorch.scheduler.core.ExecutionEvent.LaunchRequested;
import io.drsorch.scheduler.core.ExecutionEvent.LaunchRetryScheduled;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeciderTest {

  private static final String EXEC = "exec-1";
  private static final RetryPolicy POLICY =
      new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ZERO);

  private final Decider decider = new Decider(POLICY);
  private ExecutionState state;
  private final List<ExecutionEvent> history = new ArrayList<>();

  /** Decides, applies and records: what the processor does for one input. */
  private List<ExecutionEvent> when(Object input, Instant now) {
    List<ExecutionEvent> events = decider.decide(state, input, now);
    state = Evolver.evolveAll(state, events);
    history.addAll(events);
    return events;
  }

  private List<ExecutionEvent> when(Object input) {
    return when(input, T0.plusSeconds(1));
  }

  private WaveStatus status(String waveId) {
    return state.wave(waveId).orElseThrow().status();
  }

  private static List<String> launches(List<ExecutionEvent> events) {
    return events.stream()
        .filter(e -> e instanceof LaunchRequested)
        .map(e -> ((LaunchRequested) e).waveId() + "#" + ((LaunchRequested) e).attempt())
        .toList();
  }

  private void runToCompletion(String waveId, String job) {
    when(launched(EXEC, waveId, 1, job));
    when(completed(EXEC, waveId, 1, job));
  }

  @Test
  void givenLinearPlan_whenEachWaveCompletes_thenTheNextLaunchesAndTheExecutionCompletes() {
    // given
    List<ExecutionEvent> admitted =
        when(request(EXEC, "plan-1", wave("db"), wave("app", "db"), wave("web", "app")), T0);
    assertThat(launches(admitted)).containsExactly("db#1");
    assertThat(state.status()).isEqualTo(ExecutionStatus.RUNNING);

    // when
    when(launched(EXEC, "db", 1, "drsjob-db"));
    List<ExecutionEvent> afterDb = when(completed(EXEC, "db", 1, "drsjob-db"));

    // then
    assertThat(launches(afterDb)).containsExactly("app#1");
    assertThat(status("db")).isEqualTo(WaveStatus.COMPLETED);
    assertThat(status("web")).isEqualTo(WaveStatus.PENDING);
    runToCompletion("app", "drsjob-app");
    assertThat(status("web")).isEqualTo(WaveStatus.LAUNCHING);
    runToCompletion("web", "drsjob-web");
    assertThat(state.status()).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(state.endedAt()).isNotNull();
    assertThat(state.wave("db").orElseThrow().jobIds()).containsExactly("drsjob-db");
    assertThat(state.wave("web").orElseThrow().servers())
        .extracting(ServerState::launchStatus, ServerState::recoveryInstanceId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(LaunchStatus.LAUNCHED, "i-0web"));
  }

  @Test
  void givenParallelRoots_whenAdmitted_thenAllRootsLaunchAtOnce() {
    // when
    List<ExecutionEvent> admitted =
        when(request(EXEC, "plan-1", wave("db1"), wave("db2"), wave("app", "db1", "db2")), T0);

    // then
    assertThat(launches(admitted)).containsExactly("db1#1", "db2#1");
    assertThat(status("app")).isEqualTo(WaveStatus.PENDING);
  }

  @Test
  void givenDiamond_whenOnlyOneBranchCompleted_thenTheJoinWaitsForTheOther() {
    // given
    when(
        request(
            EXEC,
            "plan-1",
            wave("db"),
            wave("left", "db"),
            wave("right", "db"),
            wave("web", "left", "right")),
        T0);
    List<ExecutionEvent> afterDb = new ArrayList<>();
    when(launched(EXEC, "db", 1, "j-db"));
    afterDb.addAll(when(completed(EXEC, "db", 1, "j-db")));
    assertThat(launches(afterDb)).containsExactly("left#1", "right#1");

    // when
    runToCompletion("left", "j-left");

    // then
    assertThat(status("web")).isEqualTo(WaveStatus.PENDING);
    when(launched(EXEC, "right", 1, "j-right"));
    assertThat(launches(when(completed(EXEC, "right", 1, "j-right")))).containsExactly("web#1");
    runToCompletion("web", "j-web");
    assertThat(state.status()).isEqualTo(ExecutionStatus.COMPLETED);
  }

  @Test
  void
      givenFailedWave_whenItFails_thenTransitiveDependentsAreSkippedAndTheIndependentBranchRunsOn() {
    // given: db -> app -> web, and an independent cache wave
    when(
        request(EXEC, "plan-1", wave("db"), wave("app", "db"), wave("web", "app"), wave("cache")),
        T0);
    when(launched(EXEC, "db", 1, "j-db"));
    when(launched(EXEC, "cache", 1, "j-cache"));

    // when
    List<ExecutionEvent> afterFailure = when(failed(EXEC, "db", 1, "j-db"));

    // then
    assertThat(launches(afterFailure)).isEmpty();
    assertThat(status("db")).isEqualTo(WaveStatus.FAILED);
    assertThat(status("app")).isEqualTo(WaveStatus.SKIPPED);
    assertThat(status("web")).isEqualTo(WaveStatus.SKIPPED);
    assertThat(state.wave("web").orElseThrow().reason()).contains("wave db");
    assertThat(state.wave("app").orElseThrow().reason()).contains("wave db");
    assertThat(state.status()).isEqualTo(ExecutionStatus.RUNNING);
    when(completed(EXEC, "cache", 1, "j-cache"));
    assertThat(status("cache")).isEqualTo(WaveStatus.COMPLETED);
    assertThat(state.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(state.reason()).contains("db FAILED");
    assertThat(history)
        .noneMatch(e -> e instanceof LaunchRequested l && !l.waveId().matches("db|cache"));
  }

  @Test
  void givenRunningWave_whenDuplicateOrStaleOrUnknownInputsArrive_thenNothingChanges() {
    // given
    when(request(EXEC, "plan-1", wave("db"), wave("app", "db")), T0);
    when(launched(EXEC, "db", 1, "j-db"));
    WaveCompleted done = completed(EXEC, "db", 1, "j-db");
    when(done);
    ExecutionState before = state;

    // when / then
    assertThat(decider.decide(state, done, T0.plusSeconds(5))).isEmpty();
    assertThat(decider.decide(state, launched(EXEC, "db", 1, "j-db"), T0)).isEmpty();
    assertThat(decider.decide(state, failed(EXEC, "db", 1, "j-db"), T0)).isEmpty();
    assertThat(decider.decide(state, launched(EXEC, "app", 7, "j-x"), T0)).isEmpty();
    assertThat(decider.decide(state, completed(EXEC, "app", 2, "j-x"), T0)).isEmpty();
    assertThat(decider.decide(state, completed(EXEC, "nope", 1, "j-x"), T0)).isEmpty();
    assertThat(decider.decide(null, completed("other", "db", 1, "j"), T0)).isEmpty();
    assertThat(decider.decide(state, request(EXEC, "plan-1", wave("db")), T0)).isEmpty();
    when(launched(EXEC, "app", 1, "j-app"));
    ExecutionState running = state;
    when(jobStatus(EXEC, "app", 1, "j-app", LaunchStatus.IN_PROGRESS));
    assertThat(state).isNotEqualTo(running);
    assertThat(
            decider.decide(state, jobStatus(EXEC, "app", 1, "j-app", LaunchStatus.IN_PROGRESS), T0))
        .isEmpty();
    assertThat(before.sequence()).isLessThan(state.sequence());
  }

  @Test
  void givenThrottledLaunch_whenRetryable_thenRetriedAfterBackoffWithANewAttempt() {
    // given
    when(request(EXEC, "plan-1", wave("db")), T0);
    Instant failedAt = T0.plusSeconds(1);

    // when
    List<ExecutionEvent> events =
        when(launchFailed(EXEC, "db", 1, "ThrottlingException", true, 2), failedAt);

    // then: still LAUNCHING, waiting at least Retry-After
    LaunchRetryScheduled retry = (LaunchRetryScheduled) events.get(0);
    assertThat(retry.dueAt()).isAfterOrEqualTo(failedAt.plusSeconds(2));
    assertThat(status("db")).isEqualTo(WaveStatus.LAUNCHING);
    assertThat(state.wave("db").orElseThrow().reason())
        .isEqualTo("retrying after ThrottlingException: Rate exceeded");
    assertThat(decider.nextTimer(state)).contains(retry.dueAt());
    Tick early = new Tick(EXEC, retry.dueAt().minusMillis(1));
    assertThat(decider.decide(state, early, early.at())).isEmpty();
    Tick due = new Tick(EXEC, retry.dueAt());
    assertThat(launches(when(due, due.at()))).containsExactly("db#2");
    assertThat(state.wave("db").orElseThrow().attempt()).isEqualTo(2);
    assertThat(decider.nextTimer(state)).isEmpty();
    // the failure of attempt 1 arriving again is stale now
    assertThat(
            decider.decide(
                state, launchFailed(EXEC, "db", 1, "ThrottlingException", true, 2), due.at()))
        .isEmpty();
  }

  @Test
  void givenRetries_whenBackoffGrows_thenItDoublesWithDeterministicJitterUpToTheCap() {
    // given
    RetryPolicy policy = RetryPolicy.DEFAULT;

    // when
    Duration first = policy.retryDelay("e/db/1", 1, null);
    Duration second = policy.retryDelay("e/db/1", 2, null);
    Duration late = policy.retryDelay("e/db/1", 12, null);

    // then
    assertThat(first).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
    assertThat(second).isEqualTo(Duration.ofMillis(Math.round(first.toMillis() * 2.0)));
    assertThat(late).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(60));
    assertThat(policy.retryDelay("e/db/1", 1, null)).isEqualTo(first);
    assertThat(policy.retryDelay("e/db/1", 1, 90)).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void givenRetryableFailures_whenTheLimitIsReached_thenTheWaveFailsWithTheDrsMessage() {
    // given
    when(request(EXEC, "plan-1", wave("db"), wave("app", "db")), T0);
    Instant now = T0;

    // when: attempts 1..3 (the limit) are all throttled
    for (int attempt = 1; attempt <= POLICY.maxAttempts(); attempt++) {
      now = now.plusSeconds(1);
      when(launchFailed(EXEC, "db", attempt, "ThrottlingException", true, null), now);
      if (attempt < POLICY.maxAttempts()) {
        now = decider.nextTimer(state).orElseThrow();
        when(new Tick(EXEC, now), now);
      }
    }

    // then
    assertThat(status("db")).isEqualTo(WaveStatus.FAILED);
    assertThat(state.wave("db").orElseThrow().reason())
        .startsWith("ThrottlingException: Rate exceeded");
    assertThat(status("app")).isEqualTo(WaveStatus.SKIPPED);
    assertThat(state.status()).isEqualTo(ExecutionStatus.FAILED);
  }

  @Test
  void givenWaveCompletedReport_whenAServerIsNotLaunched_thenTheWaveFails() {
    // given
    when(request(EXEC, "plan-1", wave("db"), wave("app", "db")), T0);
    when(launched(EXEC, "db", 1, "j-db"));
    WaveCompleted report = completed(EXEC, "db", 1, "j-db");
    report.getServers().get(0).setLaunchStatus(LaunchStatus.FAILED);

    // when
    when(report);

    // then
    assertThat(status("db")).isEqualTo(WaveStatus.FAILED);
    assertThat(state.wave("db").orElseThrow().reason()).contains("FAILED");
    assertThat(status("app")).isEqualTo(WaveStatus.SKIPPED);
  }

  @Test
  void givenNonRetryableLaunchFailure_whenItArrives_thenTheWaveFailsAtOnce() {
    // given
    when(request(EXEC, "plan-1", wave("db")), T0);

    // when
    when(launchFailed(EXEC, "db", 1, "ValidationException", false, null));

    // then
    assertThat(status("db")).isEqualTo(WaveStatus.FAILED);
    assertThat(state.wave("db").orElseThrow().reason())
        .isEqualTo("ValidationException: Rate exceeded");
    assertThat(state.status()).isEqualTo(ExecutionStatus.FAILED);
  }

  @Test
  void
      givenRunningWave_whenCancelled_thenPendingWavesAreCancelledAndTheExecutionEndsWhenItFinishes() {
    // given
    when(request(EXEC, "plan-1", wave("db"), wave("app", "db"), wave("cache")), T0);
    when(launched(EXEC, "db", 1, "j-db"));
    when(launchFailed(EXEC, "cache", 1, "ConflictException", true, null));

    // when
    when(cancel(EXEC));

    // then
    assertThat(status("app")).isEqualTo(WaveStatus.CANCELLED);
    assertThat(status("cache")).isEqualTo(WaveStatus.CANCELLED);
    assertThat(status("db")).isEqualTo(WaveStatus.RUNNING);
    assertThat(state.status()).isEqualTo(ExecutionStatus.RUNNING);
    assertThat(decider.decide(state, cancel(EXEC), T0)).isEmpty();
    assertThat(launches(when(completed(EXEC, "db", 1, "j-db")))).isEmpty();
    assertThat(status("db")).isEqualTo(WaveStatus.COMPLETED);
    assertThat(state.status()).isEqualTo(ExecutionStatus.CANCELLED);
    assertThat(state.reason()).isEqualTo("cancelled by bob: drill aborted");
  }

  @Test
  void givenWaveWithTimeout_whenItRunsTooLong_thenItTimesOut() {
    // given
    var timed = wave("db");
    timed.setTimeoutMinutes(30);
    when(request(EXEC, "plan-1", timed), T0);
    when(launched(EXEC, "db", 1, "j-db"));

    // when
    Instant deadline = decider.nextTimer(state).orElseThrow();
    when(new Tick(EXEC, deadline), deadline);

    // then
    assertThat(deadline).isEqualTo(T0.plus(Duration.ofMinutes(30)));
    assertThat(status("db")).isEqualTo(WaveStatus.TIMED_OUT);
    assertThat(state.status()).isEqualTo(ExecutionStatus.FAILED);
  }

  @Test
  void givenAnyRun_whenTheEmittedEventsAreReplayed_thenTheStateIsRebuiltIdentically() {
    // given
    when(request(EXEC, "plan-1", wave("db"), wave("app", "db"), wave("cache")), T0);
    when(launchFailed(EXEC, "db", 1, "ThrottlingException", true, 1));
    Instant due = decider.nextTimer(state).orElseThrow();
    when(new Tick(EXEC, due), due);
    when(launched(EXEC, "db", 2, "j-db"));
    when(jobStatus(EXEC, "db", 2, "j-db", LaunchStatus.IN_PROGRESS));
    when(completed(EXEC, "db", 2, "j-db"));
    when(launched(EXEC, "cache", 1, "j-cache"));
    when(failed(EXEC, "cache", 1, "j-cache"));
    when(launched(EXEC, "app", 1, "j-app"));
    when(completed(EXEC, "app", 1, "j-app"));

    // when
    ExecutionState replayed = Evolver.evolveAll(null, history);

    // then
    assertThat(replayed).isEqualTo(state);
    assertThat(state.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(state.wave("db").orElseThrow().attempt()).isEqualTo(2);
  }
}
