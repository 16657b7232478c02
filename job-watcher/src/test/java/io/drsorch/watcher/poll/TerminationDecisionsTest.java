package io.drsorch.watcher.poll;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.JobStatus;
import io.drsorch.avro.LaunchStatus;
import io.drsorch.avro.TerminationEnded;
import io.drsorch.avro.TerminationStarted;
import io.drsorch.avro.WaveEvent;
import io.drsorch.drsclient.Target;
import io.drsorch.watcher.state.JobObservation;
import io.drsorch.watcher.state.ServerObservation;
import io.drsorch.watcher.state.TerminationKey;
import io.drsorch.watcher.state.WatchState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TerminationDecisionsTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final Target TARGET = new Target("us-east-1", null);
  private static final String REQUEST = "exec-1/cleanup/us-east-1/own";

  @Test
  void givenAllJobsCompletedAndTerminated_whenDecided_thenOneTerminationEndedOfEveryInstance() {
    // given
    WatchState state = watching(List.of("drsjob-a"), List.of("i-1", "i-2"), List.of());
    Map<String, JobObservation> jobs =
        Map.of(
            "drsjob-a",
            job(
                JobStatus.COMPLETED,
                Map.of(
                    "s-1", server(LaunchStatus.TERMINATED, "i-1"),
                    "s-2", server(LaunchStatus.TERMINATED, "i-2"))));
    // when
    List<WaveEvent> events = decide(state, jobs, Map.of());
    // then
    assertThat(events).hasSize(1);
    TerminationEnded ended = (TerminationEnded) events.get(0).getEvent();
    assertThat(ended.getRequestId()).isEqualTo(REQUEST);
    assertThat(ended.getExecutionId()).isEqualTo("exec-1");
    assertThat(ended.getCausationId()).isEqualTo("started-1");
    assertThat(ended.getJobIds()).containsExactly("drsjob-a");
    assertThat(ended.getTerminatedInstanceIds()).containsExactly("i-1", "i-2");
    assertThat(ended.getFailedInstanceIds()).isEmpty();
    assertThat(ended.getReason()).isNull();
  }

  @Test
  void givenTheSameTermination_whenDecidedTwice_thenTheSameIdWhateverTheTime() {
    // given
    WatchState state = watching(List.of(), List.of(), List.of("i-1"));
    // when
    TerminationEnded first = ended(decide(state, Map.of(), Map.of()));
    TerminationEnded again =
        ended(
            TerminationDecisions.decide(
                state.snapshot(), TARGET, Map.of(), NOW.plusSeconds(9), Map.of()));
    // then
    assertThat(again.getId()).isEqualTo(first.getId());
  }

  @Test
  void givenTwoJobs_whenOnlyOneCompleted_thenNoEndYet() {
    // given
    WatchState state = watching(List.of("drsjob-a", "drsjob-b"), List.of("i-1", "i-2"), List.of());
    Map<String, JobObservation> jobs =
        Map.of(
            "drsjob-a",
                job(JobStatus.COMPLETED, Map.of("s-1", server(LaunchStatus.TERMINATED, "i-1"))),
            "drsjob-b",
                job(JobStatus.STARTED, Map.of("s-2", server(LaunchStatus.IN_PROGRESS, "i-2"))));
    // when
    List<WaveEvent> events = decide(state, jobs, Map.of());
    // then
    assertThat(events).isEmpty();
    assertThat(TerminationDecisions.failedJobsOfEndingTerminations(state.snapshot(), TARGET, jobs))
        .isEmpty();
  }

  @Test
  void givenAJobNotPolledYet_whenDecided_thenNoEndYet() {
    // given
    WatchState state = watching(List.of("drsjob-a"), List.of("i-1"), List.of());
    // when / then
    assertThat(decide(state, Map.of(), Map.of())).isEmpty();
  }

  @Test
  void givenNoJobBecauseEveryInstanceWasGone_whenDecided_thenEndedAtOnceWithThemTerminated() {
    // given
    WatchState state = watching(List.of(), List.of(), List.of("i-1", "i-2"));
    // when
    TerminationEnded ended = ended(decide(state, Map.of(), Map.of()));
    // then
    assertThat(ended.getJobIds()).isEmpty();
    assertThat(ended.getTerminatedInstanceIds()).containsExactly("i-1", "i-2");
    assertThat(ended.getFailedInstanceIds()).isEmpty();
    assertThat(ended.getReason()).isNull();
  }

  @Test
  void givenAServerNotTerminated_whenJobCompleted_thenItsInstanceFailedWithDrsWords() {
    // given one instance terminated, one whose termination failed, and one gone before
    WatchState state = watching(List.of("drsjob-a"), List.of("i-1", "i-2"), List.of("i-0"));
    Map<String, JobObservation> jobs =
        Map.of(
            "drsjob-a",
            job(
                JobStatus.COMPLETED,
                Map.of(
                    "s-1", server(LaunchStatus.TERMINATED, "i-1"),
                    "s-2", server(LaunchStatus.FAILED, "i-2"))));
    // when
    assertThat(TerminationDecisions.failedJobsOfEndingTerminations(state.snapshot(), TARGET, jobs))
        .containsExactly("drsjob-a");
    TerminationEnded ended =
        ended(decide(state, jobs, Map.of("drsjob-a", Map.of("s-2", "UnauthorizedOperation"))));
    // then
    assertThat(ended.getTerminatedInstanceIds()).containsExactly("i-0", "i-1");
    assertThat(ended.getFailedInstanceIds()).containsExactly("i-2");
    assertThat(ended.getReason())
        .isEqualTo(
            "1 of 3 instances not terminated: i-2 (s-2) FAILED in drsjob-a: UnauthorizedOperation");
  }

  @Test
  void givenAnInstanceNoJobNames_whenJobsCompleted_thenItFailedSayingSo() {
    // given
    WatchState state = watching(List.of("drsjob-a"), List.of("i-1", "i-9"), List.of());
    Map<String, JobObservation> jobs =
        Map.of(
            "drsjob-a",
            job(JobStatus.COMPLETED, Map.of("s-1", server(LaunchStatus.TERMINATED, "i-1"))));
    // when
    TerminationEnded ended = ended(decide(state, jobs, Map.of()));
    // then
    assertThat(ended.getTerminatedInstanceIds()).containsExactly("i-1");
    assertThat(ended.getFailedInstanceIds()).containsExactly("i-9");
    assertThat(ended.getReason()).contains("i-9 is in none of the termination's jobs");
  }

  @Test
  void givenATerminationOfAnotherAccount_whenThisTargetIsDecided_thenItIsLeftAlone() {
    // given
    WatchState state = watching(List.of(), List.of(), List.of("i-1"));
    // when
    List<WaveEvent> events =
        TerminationDecisions.decide(
            state.snapshot(),
            new Target("us-east-1", "arn:aws:iam::111122223333:role/DrsOrchestrator"),
            Map.of(),
            NOW,
            Map.of());
    // then
    assertThat(events).isEmpty();
  }

  @Test
  void givenATerminationGivenUpOn_whenDecided_thenItsEndCarriesTheReasonAndNoInstanceIsClaimed() {
    // given
    WatchState state = watching(List.of("drsjob-a"), List.of("i-1", "i-2"), List.of("i-0"));
    state.abandon(new TerminationKey("exec-1", REQUEST), "not followed to its end: refused");
    // when
    TerminationEnded ended = ended(decide(state, Map.of(), Map.of()));
    // then
    assertThat(ended.getReason()).isEqualTo("not followed to its end: refused");
    assertThat(ended.getTerminatedInstanceIds()).containsExactly("i-0");
    assertThat(ended.getFailedInstanceIds()).containsExactly("i-1", "i-2");
  }

  private static List<WaveEvent> decide(
      WatchState state, Map<String, JobObservation> jobs, Map<String, Map<String, String>> errors) {
    return TerminationDecisions.decide(state.snapshot(), TARGET, jobs, NOW, errors);
  }

  private static TerminationEnded ended(List<WaveEvent> events) {
    assertThat(events).hasSize(1);
    return (TerminationEnded) events.get(0).getEvent();
  }

  private static WatchState watching(
      List<String> jobIds, List<String> instances, List<String> alreadyGone) {
    WatchState state = new WatchState();
    state.evolve(
        WaveEvent.newBuilder()
            .setEvent(
                TerminationStarted.newBuilder()
                    .setId("started-1")
                    .setExecutionId("exec-1")
                    .setOccurredAt(NOW)
                    .setRequestId(REQUEST)
                    .setRegion("us-east-1")
                    .setJobIds(jobIds)
                    .setRecoveryInstanceIds(instances)
                    .setAlreadyGone(alreadyGone)
                    .build())
            .build());
    return state;
  }

  private static JobObservation job(JobStatus status, Map<String, ServerObservation> servers) {
    return new JobObservation(status, new TreeMap<>(servers));
  }

  private static ServerObservation server(LaunchStatus status, String instance) {
    return new ServerObservation(status, instance);
  }
}
