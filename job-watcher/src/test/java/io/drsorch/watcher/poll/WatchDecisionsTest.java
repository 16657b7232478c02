package io.drsorch.watcher.poll;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.JobStatus;
import io.drsorch.avro.JobStatusChanged;
import io.drsorch.avro.LaunchStatus;
import io.drsorch.avro.WaveCompleted;
import io.drsorch.avro.WaveEvent;
import io.drsorch.avro.WaveFailed;
import io.drsorch.avro.WaveLaunched;
import io.drsorch.drsclient.Target;
import io.drsorch.schemas.limits.PlanLimits;
import io.drsorch.watcher.state.AttemptKey;
import io.drsorch.watcher.state.JobObservation;
import io.drsorch.watcher.state.ServerObservation;
import io.drsorch.watcher.state.WatchState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WatchDecisionsTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  @Test
  void givenTwoJobs_whenOnlyOneCompleted_thenNoWaveEnd() {
    // given
    WatchState state = watching(List.of("drsjob-a", "drsjob-b"), List.of("s-1", "s-2"));
    Map<String, JobObservation> observed =
        Map.of(
            "drsjob-a", job(JobStatus.COMPLETED, "s-1", LaunchStatus.LAUNCHED, "i-1"),
            "drsjob-b", job(JobStatus.STARTED, "s-2", LaunchStatus.IN_PROGRESS, null));
    // when
    List<WaveEvent> events = decide(state, observed);
    // then
    assertThat(events).extracting(WaveEvent::getEvent).allMatch(JobStatusChanged.class::isInstance);
    assertThat(events).hasSize(2);
  }

  @Test
  void givenAllJobsCompletedAndLaunched_whenDecided_thenWaveCompletedAfterTheJobChanges() {
    // given
    WatchState state = watching(List.of("drsjob-a"), List.of("s-1"));
    // when
    List<WaveEvent> events =
        decide(
            state,
            Map.of("drsjob-a", job(JobStatus.COMPLETED, "s-1", LaunchStatus.LAUNCHED, "i-1")));
    // then
    assertThat(events)
        .extracting(e -> e.getEvent().getClass().getSimpleName())
        .containsExactly("JobStatusChanged", "WaveCompleted");
    WaveCompleted completed = (WaveCompleted) events.get(1).getEvent();
    assertThat(completed.getServers().get(0).getRecoveryInstanceId()).isEqualTo("i-1");
    assertThat(completed.getCausationId()).isEqualTo("launched-1");
  }

  @Test
  void givenFailedServer_whenJobCompleted_thenWaveFailedNamesServerAndRawError() {
    // given
    WatchState state = watching(List.of("drsjob-a"), List.of("s-1"));
    // when
    List<WaveEvent> events =
        WatchDecisions.decide(
            state.snapshot(),
            new Target("us-east-1", null),
            Map.of("drsjob-a", job(JobStatus.COMPLETED, "s-1", LaunchStatus.FAILED, null)),
            NOW,
            Map.of("drsjob-a", Map.of("s-1", "InsufficientInstanceCapacity")));
    // then
    WaveFailed failed = (WaveFailed) events.get(events.size() - 1).getEvent();
    assertThat(failed.getFailedServerIds()).containsExactly("s-1");
    assertThat(failed.getReason()).contains("s-1").contains("InsufficientInstanceCapacity");
  }

  @Test
  void givenAJobThatEndsWithAFailedServer_whenAskedWhatToRead_thenOnlyThatJobOfTheEndingAttempt() {
    // given an attempt of two jobs that both end now, one with a failed server
    WatchState state = watching(List.of("drsjob-a", "drsjob-b"), List.of("s-1", "s-2"));
    Map<String, JobObservation> observed =
        Map.of(
            "drsjob-a", job(JobStatus.COMPLETED, "s-1", LaunchStatus.FAILED, null),
            "drsjob-b", job(JobStatus.COMPLETED, "s-2", LaunchStatus.LAUNCHED, "i-2"));
    // when
    var toRead =
        WatchDecisions.failedJobsOfEndingAttempts(
            state.snapshot(), new Target("us-east-1", null), observed);
    // then only the job whose errors the WaveFailed reports is read from DRS
    assertThat(toRead).containsExactly("drsjob-a");
  }

  @Test
  void givenAFailedServerInAnAttemptNotYetEnded_whenAskedWhatToRead_thenNothing() {
    // given one job ended with a failed server, the other still running
    WatchState state = watching(List.of("drsjob-a", "drsjob-b"), List.of("s-1", "s-2"));
    Map<String, JobObservation> observed =
        Map.of(
            "drsjob-a", job(JobStatus.COMPLETED, "s-1", LaunchStatus.FAILED, null),
            "drsjob-b", job(JobStatus.STARTED, "s-2", LaunchStatus.IN_PROGRESS, null));
    // when
    var toRead =
        WatchDecisions.failedJobsOfEndingAttempts(
            state.snapshot(), new Target("us-east-1", null), observed);
    // then nothing is read: the wave is not decided yet
    assertThat(toRead).isEmpty();
    // and in another region's cycle, nothing either
    assertThat(
            WatchDecisions.failedJobsOfEndingAttempts(
                state.snapshot(),
                new Target("eu-west-1", null),
                Map.of("drsjob-a", job(JobStatus.COMPLETED, "s-1", LaunchStatus.FAILED, null))))
        .isEmpty();
  }

  @Test
  void givenObservationAlreadyApplied_whenSameObservedAgain_thenNothingDecided() {
    // given
    WatchState state = watching(List.of("drsjob-a"), List.of("s-1"));
    Map<String, JobObservation> observed =
        Map.of("drsjob-a", job(JobStatus.STARTED, "s-1", LaunchStatus.IN_PROGRESS, null));
    decide(state, observed).forEach(state::evolve);
    // when
    List<WaveEvent> again = decide(state, observed);
    // then
    assertThat(again).isEmpty();
  }

  @Test
  void givenSameChange_whenDecidedTwice_thenSameId() {
    // given
    WatchState state = watching(List.of("drsjob-a"), List.of("s-1"));
    Map<String, JobObservation> observed =
        Map.of("drsjob-a", job(JobStatus.STARTED, "s-1", LaunchStatus.IN_PROGRESS, null));
    // when
    String first = ((JobStatusChanged) decide(state, observed).get(0).getEvent()).getId();
    String second = ((JobStatusChanged) decide(state, observed).get(0).getEvent()).getId();
    // then
    assertThat(first).isEqualTo(second);
  }

  @Test
  void givenThousandsOfFailedServersWithLongErrors_whenJobCompleted_thenTheReasonStaysBounded() {
    // given 5000 servers that all failed, each with a kilobyte of DRS error
    List<String> servers = new ArrayList<>();
    Map<String, ServerObservation> launches = new HashMap<>();
    for (int i = 0; i < PlanLimits.MAX_SERVERS; i++) {
      String server = String.format("s-%017d", i);
      servers.add(server);
      launches.put(server, new ServerObservation(LaunchStatus.FAILED, null));
    }
    WatchState state = watching(List.of("drsjob-a"), servers);
    Map<String, String> errors = new HashMap<>();
    servers.forEach(server -> errors.put(server, "e".repeat(1000)));
    // when
    List<WaveEvent> events =
        WatchDecisions.decide(
            state.snapshot(),
            new Target("us-east-1", null),
            Map.of("drsjob-a", new JobObservation(JobStatus.COMPLETED, launches)),
            NOW,
            Map.of("drsjob-a", errors));
    // then every server is still named in the lists, and the reason lists what an answer lists
    WaveFailed failed = (WaveFailed) events.get(events.size() - 1).getEvent();
    assertThat(failed.getFailedServerIds()).hasSize(PlanLimits.MAX_SERVERS);
    assertThat(failed.getReason())
        .startsWith(PlanLimits.MAX_SERVERS + " of " + PlanLimits.MAX_SERVERS + " servers")
        .endsWith("; and " + (PlanLimits.MAX_SERVERS - PlanLimits.MAX_ERRORS) + " more");
    assertThat(failed.getReason().length())
        .isLessThan(PlanLimits.MAX_ERRORS * (PlanLimits.MAX_ERROR_MESSAGE_LENGTH + 2) + 200);
  }

  @Test
  void givenAnAttemptGivenUpOn_whenDecided_thenOnlyItsEndWithTheReason() {
    // given
    WatchState state = watching(List.of("drsjob-a"), List.of("s-1"));
    AttemptKey attempt = new AttemptKey("exec-1", "app", 1);
    state.abandon(attempt, "not followed to its end");
    // when
    List<WaveEvent> events =
        decide(
            state,
            Map.of("drsjob-a", job(JobStatus.COMPLETED, "s-1", LaunchStatus.LAUNCHED, "i-1")));
    // then
    assertThat(events).hasSize(1);
    WaveFailed failed = (WaveFailed) events.get(0).getEvent();
    assertThat(failed.getReason()).isEqualTo("not followed to its end");
    assertThat(failed.getJobIds()).containsExactly("drsjob-a");
    assertThat(failed.getFailedServerIds()).containsExactly("s-1");
    assertThat(failed.getServers()).isEmpty();
    assertThat(failed.getCausationId()).isEqualTo("launched-1");
    // and once it is applied, nothing is watched any more
    state.evolve(events.get(0));
    assertThat(state.snapshot().attempts()).isEmpty();
    assertThat(state.awaits("drsjob-a")).isFalse();
  }

  private static List<WaveEvent> decide(WatchState state, Map<String, JobObservation> observed) {
    return WatchDecisions.decide(
        state.snapshot(), new Target("us-east-1", null), observed, NOW, Map.of());
  }

  private static WatchState watching(List<String> jobIds, List<String> servers) {
    WatchState state = new WatchState();
    state.evolve(
        WaveEvent.newBuilder()
            .setEvent(
                WaveLaunched.newBuilder()
                    .setId("launched-1")
                    .setExecutionId("exec-1")
                    .setOccurredAt(NOW)
                    .setWaveId("app")
                    .setAttempt(1)
                    .setRegion("us-east-1")
                    .setRequestId("exec-1/app/1")
                    .setJobIds(jobIds)
                    .setSourceServerIds(servers)
                    .build())
            .build());
    return state;
  }

  private static JobObservation job(
      JobStatus status, String server, LaunchStatus launch, String instance) {
    return new JobObservation(status, Map.of(server, new ServerObservation(launch, instance)));
  }
}
