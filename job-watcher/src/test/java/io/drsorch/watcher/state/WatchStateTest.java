package io.drsorch.watcher.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.ActionPhase;
import io.drsorch.avro.ActionStatus;
import io.drsorch.avro.ActionType;
import io.drsorch.avro.JobStatus;
import io.drsorch.avro.JobStatusChanged;
import io.drsorch.avro.LaunchStatus;
import io.drsorch.avro.ServerLaunch;
import io.drsorch.avro.TerminationEnded;
import io.drsorch.avro.TerminationFailed;
import io.drsorch.avro.TerminationStarted;
import io.drsorch.avro.WaveAction;
import io.drsorch.avro.WaveActionEnded;
import io.drsorch.avro.WaveActionStarted;
import io.drsorch.avro.WaveCompleted;
import io.drsorch.avro.WaveEvent;
import io.drsorch.avro.WaveLaunchDeferred;
import io.drsorch.avro.WaveLaunched;
import io.drsorch.drsclient.Target;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatchStateTest {

  private static final AttemptKey KEY = new AttemptKey("exec-1", "db", 1);
  private static final TerminationKey TERMINATION =
      new TerminationKey("exec-1", "exec-1/cleanup/us-east-1/own");

  @Test
  void givenAnActionStartedThenEnded_whenItsStartIsReadAgain_thenItIsNotFollowedAgain() {
    // given
    WatchState state = new WatchState();
    state.evolve(actionStarted());
    ActionKey key = new ActionKey("exec-1", "exec-1/app/1/AFTER/0");
    WatchedAction followed = state.snapshot().actions().get(key);
    assertThat(followed.automationExecutionId()).isEqualTo("4b1a3c52-0000-4000-8000-000000000001");
    assertThat(followed.target()).isEqualTo(new Target("us-east-1", null));
    assertThat(followed.deadline()).isEqualTo(Instant.parse("2026-12-01T10:15:00Z"));
    assertThat(followed.startedId()).isEqualTo("action-started-1");
    // when
    state.evolve(actionEnded());
    state.evolve(actionStarted());
    // then
    assertThat(state.snapshot().actions()).isEmpty();
  }

  @Test
  void givenLaunchedWave_whenJobStatusChangedArrivesTwiceAndOutOfOrder_thenOnlyForwardStateKept() {
    // given
    WatchState state = new WatchState();
    state.evolve(launched());
    // when
    state.evolve(changed(JobStatus.COMPLETED, LaunchStatus.LAUNCHED, "i-0abc"));
    state.evolve(changed(JobStatus.STARTED, LaunchStatus.IN_PROGRESS, null));
    state.evolve(changed(JobStatus.COMPLETED, LaunchStatus.LAUNCHED, "i-0abc"));
    // then
    JobObservation job = state.snapshot().jobs().get("drsjob-1");
    assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(job.servers().get("s-1"))
        .isEqualTo(new ServerObservation(LaunchStatus.LAUNCHED, "i-0abc"));
  }

  @Test
  void givenCompletedWave_whenItsWaveLaunchedIsReadAgain_thenItIsNotWatchedAgain() {
    // given
    WatchState state = new WatchState();
    state.evolve(launched());
    state.evolve(completed());
    // when
    state.evolve(launched());
    // then
    assertThat(state.snapshot().attempts()).isEmpty();
    assertThat(state.snapshot().jobs()).isEmpty();
  }

  @Test
  void givenNoWatchedAttempt_whenJobStatusChangedArrives_thenIgnored() {
    // given
    WatchState state = new WatchState();
    // when
    state.evolve(changed(JobStatus.STARTED, LaunchStatus.IN_PROGRESS, null));
    // then
    assertThat(state.snapshot().jobs()).isEmpty();
  }

  @Test
  void givenWatchedWave_whenWaveLaunchDeferredArrives_thenNothingChanges() {
    // given
    WatchState state = new WatchState();
    state.evolve(launched());
    WatchState.Snapshot before = state.snapshot();
    // when
    state.evolve(
        WaveEvent.newBuilder()
            .setEvent(
                WaveLaunchDeferred.newBuilder()
                    .setId("deferred-1")
                    .setExecutionId(KEY.executionId())
                    .setOccurredAt(Instant.EPOCH)
                    .setWaveId("app")
                    .setAttempt(1)
                    .setRequestId("exec-1/app/1")
                    .setRegion("us-east-1")
                    .setJobsNeeded(1)
                    .setActiveJobs(20)
                    .setQuota(20)
                    .setPosition(1)
                    .build())
            .build());
    // then
    assertThat(state.snapshot()).isEqualTo(before);
  }

  @Test
  void givenTerminationStarted_whenApplied_thenWatchedUnderItsOwnKeyBesideNoAttempt() {
    // given
    WatchState state = new WatchState();
    // when
    state.evolve(terminationStarted(List.of("drsjob-t")));
    // then
    WatchedTermination watched = state.snapshot().terminations().get(TERMINATION);
    assertThat(watched.jobIds()).containsExactly("drsjob-t");
    assertThat(watched.recoveryInstanceIds()).containsExactly("i-0abc1234");
    assertThat(watched.alreadyGone()).containsExactly("i-0def5678");
    assertThat(watched.target()).isEqualTo(new Target("us-east-1", null));
    assertThat(watched.startedId()).isEqualTo("started-1");
    assertThat(state.snapshot().attempts()).isEmpty();
    assertThat(state.awaits("drsjob-t"))
        .as("EventBridge sends no event of a TERMINATE job")
        .isFalse();
  }

  @Test
  void givenTerminationStartedWithoutJobs_whenApplied_thenStillWatchedSoThatItsEndIsWritten() {
    // given
    WatchState state = new WatchState();
    // when
    state.evolve(terminationStarted(List.of()));
    // then
    assertThat(state.snapshot().terminations()).containsKey(TERMINATION);
  }

  @Test
  void givenEndedTermination_whenItsTerminationStartedIsReadAgain_thenItIsNotWatchedAgain() {
    // given
    WatchState state = new WatchState();
    state.evolve(terminationStarted(List.of("drsjob-t")));
    state.evolve(terminationEnded());
    // when
    state.evolve(terminationStarted(List.of("drsjob-t")));
    // then
    assertThat(state.snapshot().terminations()).isEmpty();
  }

  @Test
  void givenWatchedTermination_whenTerminationFailedOfAnotherRequestArrives_thenNothingChanges() {
    // given
    WatchState state = new WatchState();
    state.evolve(terminationStarted(List.of("drsjob-t")));
    WatchState.Snapshot before = state.snapshot();
    // when
    state.evolve(
        WaveEvent.newBuilder()
            .setEvent(
                TerminationFailed.newBuilder()
                    .setId("failed-1")
                    .setExecutionId(TERMINATION.executionId())
                    .setOccurredAt(Instant.EPOCH)
                    .setRequestId("exec-1/cleanup/eu-west-1/own")
                    .setRegion("eu-west-1")
                    .setErrorCode("AccessDeniedException")
                    .setMessage("no")
                    .build())
            .build());
    // then
    assertThat(state.snapshot()).isEqualTo(before);
  }

  static WaveEvent launched() {
    return WaveEvent.newBuilder()
        .setEvent(
            WaveLaunched.newBuilder()
                .setId("launched-1")
                .setExecutionId(KEY.executionId())
                .setOccurredAt(Instant.EPOCH)
                .setWaveId(KEY.waveId())
                .setAttempt(KEY.attempt())
                .setRegion("us-east-1")
                .setRequestId(KEY.toString())
                .setJobIds(List.of("drsjob-1"))
                .setSourceServerIds(List.of("s-1"))
                .build())
        .build();
  }

  static WaveEvent changed(JobStatus status, LaunchStatus launch, String instance) {
    return WaveEvent.newBuilder()
        .setEvent(
            JobStatusChanged.newBuilder()
                .setId("changed-" + status)
                .setExecutionId(KEY.executionId())
                .setOccurredAt(Instant.EPOCH)
                .setWaveId(KEY.waveId())
                .setAttempt(KEY.attempt())
                .setJobId("drsjob-1")
                .setStatus(status)
                .setServers(
                    List.of(
                        ServerLaunch.newBuilder()
                            .setSourceServerId("s-1")
                            .setLaunchStatus(launch)
                            .setRecoveryInstanceId(instance)
                            .setJobId("drsjob-1")
                            .build()))
                .build())
        .build();
  }

  static WaveEvent completed() {
    return WaveEvent.newBuilder()
        .setEvent(
            WaveCompleted.newBuilder()
                .setId("completed-1")
                .setExecutionId(KEY.executionId())
                .setOccurredAt(Instant.EPOCH)
                .setWaveId(KEY.waveId())
                .setAttempt(KEY.attempt())
                .setJobIds(List.of("drsjob-1"))
                .build())
        .build();
  }

  static WaveEvent terminationStarted(List<String> jobIds) {
    return WaveEvent.newBuilder()
        .setEvent(
            TerminationStarted.newBuilder()
                .setId("started-1")
                .setExecutionId(TERMINATION.executionId())
                .setOccurredAt(Instant.EPOCH)
                .setRequestId(TERMINATION.requestId())
                .setRegion("us-east-1")
                .setJobIds(jobIds)
                .setRecoveryInstanceIds(List.of("i-0abc1234"))
                .setAlreadyGone(List.of("i-0def5678"))
                .build())
        .build();
  }

  static WaveEvent terminationEnded() {
    return WaveEvent.newBuilder()
        .setEvent(
            TerminationEnded.newBuilder()
                .setId("ended-1")
                .setExecutionId(TERMINATION.executionId())
                .setOccurredAt(Instant.EPOCH)
                .setRequestId(TERMINATION.requestId())
                .setJobIds(List.of("drsjob-t"))
                .setTerminatedInstanceIds(List.of("i-0abc1234"))
                .build())
        .build();
  }

  private static WaveEvent actionStarted() {
    return WaveEvent.newBuilder()
        .setEvent(
            WaveActionStarted.newBuilder()
                .setId("action-started-1")
                .setExecutionId("exec-1")
                .setOccurredAt(Instant.parse("2026-12-01T10:00:00Z"))
                .setRequestId("exec-1/app/1/AFTER/0")
                .setWaveId("app")
                .setPhase(ActionPhase.AFTER)
                .setIndex(0)
                .setAction(
                    WaveAction.newBuilder()
                        .setName("restart")
                        .setType(ActionType.SSM_AUTOMATION)
                        .setDocumentName("Restart")
                        .build())
                .setRegion("us-east-1")
                .setDeadline(Instant.parse("2026-12-01T10:15:00Z"))
                .setAutomationExecutionId("4b1a3c52-0000-4000-8000-000000000001")
                .build())
        .build();
  }

  private static WaveEvent actionEnded() {
    return WaveEvent.newBuilder()
        .setEvent(
            WaveActionEnded.newBuilder()
                .setId("action-ended-1")
                .setExecutionId("exec-1")
                .setOccurredAt(Instant.parse("2026-12-01T10:05:00Z"))
                .setRequestId("exec-1/app/1/AFTER/0")
                .setWaveId("app")
                .setPhase(ActionPhase.AFTER)
                .setIndex(0)
                .setOutcome(ActionStatus.SUCCEEDED)
                .build())
        .build();
  }
}
