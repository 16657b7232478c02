package io.drsorch.scheduler.core;

import static io.drsorch.scheduler.Inputs.T0;
import static io.drsorch.scheduler.Inputs.completed;
import static io.drsorch.scheduler.Inputs.failed;
import static io.drsorch.scheduler.Inputs.launched;
import static io.drsorch.scheduler.Inputs.request;
import static io.drsorch.scheduler.Inputs.server;
import static io.drsorch.scheduler.Inputs.wave;
import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionStatus;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.PreflightMode;
import io.drsorch.avro.PreflightVerdict;
import io.drsorch.avro.ServerLaunch;
import io.drsorch.avro.ServerProblem;
import io.drsorch.avro.ServerSnapshot;
import io.drsorch.avro.WaveLaunched;
import io.drsorch.avro.WaveView;
import io.drsorch.scheduler.publication.Publication;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Point in time, pre-flight verdict, recovery time and recovery point evidence in the views. */
class DrillEvidenceTest {

  private static final String EXEC = "exec-1";
  private static final Instant POINT = T0.minus(Duration.ofHours(2));
  private static final RetryPolicy POLICY =
      new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ZERO);

  private final Decider decider = new Decider(POLICY);
  private ExecutionState state;
  private final List<LaunchWave> launches = new ArrayList<>();
  private ExecutionUpdated view;

  private void at(Instant now, Object input) {
    List<ExecutionEvent> events = decider.decide(state, input, now);
    if (!events.isEmpty()) {
      Publication published = Publication.of(state, events);
      state = published.state();
      launches.addAll(published.launches());
      view = published.view();
    }
  }

  private WaveView waveView(String waveId) {
    return view.getWaves().stream().filter(w -> w.getWaveId().equals(waveId)).findFirst().get();
  }

  private static ExecutionRequested requested(Integer rtoTargetMinutes, Instant pointInTime) {
    ExecutionRequested request = request(EXEC, "plan-1", wave("db"), wave("app", "db"));
    request.setRtoTargetMinutes(rtoTargetMinutes);
    request.setPointInTime(pointInTime);
    return request;
  }

  private static WaveLaunched launchedFrom(String waveId, Instant takenAt) {
    WaveLaunched launched = launched(EXEC, waveId, 1, "drsjob-" + waveId);
    launched.setSnapshots(
        List.of(
            ServerSnapshot.newBuilder()
                .setSourceServerId(server(waveId))
                .setSnapshotId("pit-" + waveId + "0000000000000")
                .setTakenAt(takenAt)
                .build()));
    return launched;
  }

  @Test
  void givenPointInTime_whenWavesLaunchFromSnapshots_thenEachServerShowsItsSnapshotAndRpo() {
    at(T0, requested(null, POINT));

    assertThat(launches)
        .singleElement()
        .satisfies(l -> assertThat(l.getPointInTime()).isEqualTo(POINT));
    assertThat(view.getPointInTime()).isEqualTo(POINT);

    Instant takenAt = POINT.minusSeconds(600);
    at(T0.plusSeconds(5), launchedFrom("db", takenAt));
    // DRS's reports of the job do not repeat the snapshot: the view keeps the launcher's
    at(T0.plusSeconds(20), completed(EXEC, "db", 1, "drsjob-db"));

    ServerLaunch db = waveView("db").getServers().get(0);
    assertThat(db.getSnapshotId()).isEqualTo("pit-db0000000000000");
    assertThat(db.getSnapshotTakenAt()).isEqualTo(takenAt);
    assertThat(db.getRpoSeconds()).isEqualTo(Duration.between(takenAt, T0).toSeconds());
    assertThat(db.getRecoveryInstanceId()).isNotNull();
    assertThat(launches).hasSize(2);
    assertThat(launches.get(1).getPointInTime()).isEqualTo(POINT);
  }

  @Test
  void givenLatestDataLaunch_whenCompleted_thenNoSnapshotAndNoRpoAndNoPointInTime() {
    at(T0, requested(null, null));
    at(T0.plusSeconds(5), launched(EXEC, "db", 1, "drsjob-db"));
    at(T0.plusSeconds(20), completed(EXEC, "db", 1, "drsjob-db"));

    ServerLaunch db = waveView("db").getServers().get(0);
    assertThat(db.getSnapshotId()).isNull();
    assertThat(db.getRpoSeconds()).isNull();
    assertThat(launches.get(0).getPointInTime()).isNull();
    assertThat(view.getRto()).as("no target and still running: no evidence yet").isNull();
  }

  @Test
  void givenRtoTarget_whenTheLastWaveCompletesInTime_thenMetWithTheMeasuredSeconds() {
    at(T0, requested(10, null));
    assertThat(view.getRto().getTargetMinutes()).isEqualTo(10);
    assertThat(view.getRto().getMeasuredSeconds()).isNull();
    assertThat(view.getRto().getMet()).isNull();

    at(T0.plusSeconds(5), launched(EXEC, "db", 1, "drsjob-db"));
    at(T0.plusSeconds(200), completed(EXEC, "db", 1, "drsjob-db"));
    at(T0.plusSeconds(205), launched(EXEC, "app", 1, "drsjob-app"));
    at(T0.plusSeconds(540), completed(EXEC, "app", 1, "drsjob-app"));

    assertThat(state.status()).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(view.getRto().getMeasuredSeconds()).isEqualTo(540);
    assertThat(view.getRto().getMet()).isTrue();
  }

  @Test
  void givenRtoTarget_whenItTakesLonger_thenNotMet() {
    at(T0, requested(5, null));
    at(T0.plusSeconds(5), launched(EXEC, "db", 1, "drsjob-db"));
    at(T0.plusSeconds(200), completed(EXEC, "db", 1, "drsjob-db"));
    at(T0.plusSeconds(205), launched(EXEC, "app", 1, "drsjob-app"));
    at(T0.plusSeconds(301), completed(EXEC, "app", 1, "drsjob-app"));

    assertThat(view.getRto().getMeasuredSeconds()).isEqualTo(301);
    assertThat(view.getRto().getMet()).isFalse();
  }

  @Test
  void givenRtoTarget_whenTheExecutionFails_thenNotMetAndNothingMeasured() {
    at(T0, requested(60, null));
    at(T0.plusSeconds(5), launched(EXEC, "db", 1, "drsjob-db"));
    at(T0.plusSeconds(20), failed(EXEC, "db", 1, "drsjob-db"));

    assertThat(state.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(view.getRto().getMeasuredSeconds()).isNull();
    assertThat(view.getRto().getMet()).isFalse();
  }

  @Test
  void givenNoTarget_whenCompleted_thenTheMeasuredTimeIsStillShown() {
    at(T0, requested(null, null));
    at(T0.plusSeconds(5), launched(EXEC, "db", 1, "drsjob-db"));
    at(T0.plusSeconds(20), completed(EXEC, "db", 1, "drsjob-db"));
    at(T0.plusSeconds(25), launched(EXEC, "app", 1, "drsjob-app"));
    at(T0.plusSeconds(40), completed(EXEC, "app", 1, "drsjob-app"));

    assertThat(view.getRto().getTargetMinutes()).isNull();
    assertThat(view.getRto().getMeasuredSeconds()).isEqualTo(40);
    assertThat(view.getRto().getMet()).isNull();
  }

  @Test
  void givenWarnVerdictWithProblems_whenAdmitted_thenItRunsAndEveryViewShowsTheProblems() {
    ExecutionRequested request = requested(null, null);
    request.setPreflight(verdict(PreflightMode.WARN, 1));
    at(T0, request);

    assertThat(launches).hasSize(1);
    assertThat(view.getPreflight().getMode()).isEqualTo(PreflightMode.WARN);
    assertThat(view.getPreflight().getProblems())
        .singleElement()
        .satisfies(p -> assertThat(p.getProblems()).containsExactly("replication is STALLED (0)"));
  }

  @Test
  void givenVerdictOfThousandsOfServers_whenKept_thenAHundredAreKeptAndTheRestCounted() {
    Preflight kept = Preflight.of(verdict(PreflightMode.WARN, 2500));

    assertThat(kept.problems()).hasSize(Preflight.MAX_SERVERS);
    assertThat(kept.notKept()).isEqualTo(2400);
    assertThat(kept.summary())
        .startsWith("2500 of 3000 servers not ready: ")
        .endsWith("; and 2400 more");
  }

  private static PreflightVerdict verdict(PreflightMode mode, int notReady) {
    return PreflightVerdict.newBuilder()
        .setMode(mode)
        .setCheckedAt(T0.minusSeconds(1))
        .setServersChecked(3000)
        .setProblems(
            IntStream.range(0, notReady)
                .mapToObj(
                    i ->
                        ServerProblem.newBuilder()
                            .setSourceServerId(String.format("s-%017d", i))
                            .setWaveId("db")
                            .setProblems(List.of("replication is STALLED (" + i + ")"))
                            .build())
                .toList())
        .build();
  }
}
