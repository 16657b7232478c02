package io.drsorch.scheduler.core;

import static io.drsorch.scheduler.Inputs.T0;
import static io.drsorch.scheduler.Inputs.completed;
import static io.drsorch.scheduler.Inputs.launched;
import static io.drsorch.scheduler.Inputs.request;
import static io.drsorch.scheduler.Inputs.wave;
import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionStatus;
import io.drsorch.avro.ExecutionWave;
import io.drsorch.avro.WaveStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Wave and execution timeouts: defaults, plan overrides, wave overrides. */
class TimeoutsTest {

  private static final String EXEC = "exec-1";

  private final Decider decider = new Decider(RetryPolicy.DEFAULT);
  private ExecutionState state;

  private List<ExecutionEvent> when(Object input, Instant now) {
    List<ExecutionEvent> events = decider.decide(state, input, now);
    state = Evolver.evolveAll(state, events);
    return events;
  }

  private Instant fireNextTimer() {
    Instant due = decider.nextTimer(state).orElseThrow();
    when(new Tick(EXEC, due), due);
    return due;
  }

  private WaveState waveState(String id) {
    return state.wave(id).orElseThrow();
  }

  @Test
  void givenNoTimeoutsInThePlan_whenAWaveRunsAnHour_thenItTimesOutAndItsDependentsAreSkipped() {
    // given
    when(request(EXEC, "plan-1", wave("db"), wave("app", "db"), wave("cache")), T0);
    when(launched(EXEC, "db", 1, "j-db"), T0.plusSeconds(1));
    when(launched(EXEC, "cache", 1, "j-cache"), T0.plusSeconds(1));
    when(completed(EXEC, "cache", 1, "j-cache"), T0.plusSeconds(60));

    // when
    Instant due = fireNextTimer();

    // then
    assertThat(due).isEqualTo(T0.plus(Duration.ofMinutes(60)));
    assertThat(waveState("db").status()).isEqualTo(WaveStatus.TIMED_OUT);
    assertThat(waveState("db").reason()).isEqualTo("no result within 1 hour");
    assertThat(waveState("app").status()).isEqualTo(WaveStatus.SKIPPED);
    assertThat(state.status()).isEqualTo(ExecutionStatus.FAILED);
  }

  @Test
  void givenPlanAndWaveTimeouts_whenWavesRun_thenTheWavesOwnWinsOverThePlansDefault() {
    // given
    ExecutionWave own = wave("own");
    own.setTimeoutMinutes(10);
    ExecutionRequested req = request(EXEC, "plan-1", own, wave("plan"));
    req.setWaveTimeoutMinutes(30);
    when(req, T0);

    // when
    Instant first = fireNextTimer();
    assertThat(waveState("own").status()).isEqualTo(WaveStatus.TIMED_OUT);
    assertThat(waveState("plan").status()).isEqualTo(WaveStatus.LAUNCHING);
    Instant second = fireNextTimer();

    // then
    assertThat(first).isEqualTo(T0.plus(Duration.ofMinutes(10)));
    assertThat(second).isEqualTo(T0.plus(Duration.ofMinutes(30)));
    assertThat(waveState("plan").status()).isEqualTo(WaveStatus.TIMED_OUT);
    assertThat(state.status()).isEqualTo(ExecutionStatus.FAILED);
  }

  @Test
  void givenExecutionTimeout_whenItPasses_thenRunningWavesTimeOutAndUnstartedOnesAreSkipped() {
    // given: waves get a day each, the execution 90 minutes
    ExecutionRequested req = request(EXEC, "plan-1", wave("db"), wave("app", "db"));
    req.setWaveTimeoutMinutes(1440);
    req.setExecutionTimeoutMinutes(90);
    when(req, T0);
    when(launched(EXEC, "db", 1, "j-db"), T0.plusSeconds(1));

    // when
    Instant due = fireNextTimer();

    // then
    assertThat(due).isEqualTo(T0.plus(Duration.ofMinutes(90)));
    assertThat(state.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
    assertThat(state.reason()).isEqualTo("execution did not end within 90 minutes");
    assertThat(waveState("db").status()).isEqualTo(WaveStatus.TIMED_OUT);
    assertThat(waveState("db").reason()).isEqualTo("execution timed out");
    assertThat(waveState("app").status()).isEqualTo(WaveStatus.SKIPPED);
    assertThat(waveState("app").reason()).isEqualTo("execution timed out");
    assertThat(decider.nextTimer(state)).isEmpty();
    // DRS answering late changes nothing
    assertThat(decider.decide(state, completed(EXEC, "db", 1, "j-db"), due.plusSeconds(1)))
        .isEmpty();
  }

  @Test
  void givenDefaultPolicy_whenAnExecutionStarts_thenItsDeadlineIs24Hours() {
    // given
    RetryPolicy noWaveTimeout =
        new RetryPolicy(
            5, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ZERO, Duration.ofHours(24));
    Decider d = new Decider(noWaveTimeout);

    // when
    ExecutionState started =
        Evolver.evolveAll(null, d.decide(null, request(EXEC, "plan-1", wave("db")), T0));

    // then
    assertThat(d.nextTimer(started)).contains(T0.plus(Duration.ofHours(24)));
    assertThat(RetryPolicy.DEFAULT.defaultWaveTimeout()).isEqualTo(Duration.ofMinutes(60));
  }
}
