package io.drsorch.scheduler.core;

import static io.drsorch.scheduler.Inputs.T0;
import static io.drsorch.scheduler.Inputs.completed;
import static io.drsorch.scheduler.Inputs.failed;
import static io.drsorch.scheduler.Inputs.launched;
import static io.drsorch.scheduler.Inputs.request;
import static io.drsorch.scheduler.Inputs.wave;
import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.CleanUpExecution;
import io.drsorch.avro.ExecutionMode;
import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionStatus;
import io.drsorch.avro.ExecutionTransition;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.ExecutionWave;
import io.drsorch.avro.TerminateRecoveryInstances;
import io.drsorch.avro.TerminationEnded;
import io.drsorch.avro.TerminationFailed;
import io.drsorch.avro.TerminationStarted;
import io.drsorch.scheduler.publication.Publication;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The cleanup of an ended drill: what is terminated, when, once, and how it ends. */
class DrillCleanupTest {

  private static final String EXEC = "exec-1";
  private static final String OTHER_ACCOUNT = "111122223333";
  private static final RetryPolicy POLICY =
      new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ZERO);

  private final Decider decider = new Decider(POLICY);
  private ExecutionState state;
  private ExecutionUpdated view;
  private final List<TerminateRecoveryInstances> terminations = new ArrayList<>();
  private final List<ExecutionTransition> transitions = new ArrayList<>();

  private List<ExecutionEvent> at(Instant now, Object input) {
    List<ExecutionEvent> events = decider.decide(state, input, now);
    if (!events.isEmpty()) {
      Publication p = Publication.of(state, events);
      state = p.state();
      view = p.view();
      terminations.addAll(p.terminations());
      transitions.addAll(p.transitions());
    }
    return events;
  }

  /** db (own account) and app (another account) drilled to COMPLETED by T0 + 20 s. */
  private void drilled(ExecutionMode mode, Integer cleanupAfterMinutes) {
    ExecutionWave app = wave("app", "db");
    app.setAccountId(OTHER_ACCOUNT);
    app.setRoleArn("arn:aws:iam::" + OTHER_ACCOUNT + ":role/Drs");
    ExecutionRequested request = request(EXEC, "plan-1", wave("db"), app);
    request.setMode(mode);
    request.setDrillCleanupAfterMinutes(cleanupAfterMinutes);
    at(T0, request);
    at(T0.plusSeconds(5), launched(EXEC, "db", 1, "drsjob-db"));
    at(T0.plusSeconds(10), completed(EXEC, "db", 1, "drsjob-db"));
    at(T0.plusSeconds(15), launched(EXEC, "app", 1, "drsjob-app"));
    at(T0.plusSeconds(20), completed(EXEC, "app", 1, "drsjob-app"));
    assertThat(state.status()).isEqualTo(ExecutionStatus.COMPLETED);
  }

  private static CleanUpExecution cleanUp(String by) {
    return CleanUpExecution.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setExecutionId(EXEC)
        .setOccurredAt(T0)
        .setRequestedBy(by)
        .build();
  }

  private static TerminationStarted started(String requestId, String... jobIds) {
    return TerminationStarted.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setExecutionId(EXEC)
        .setOccurredAt(T0)
        .setRequestId(requestId)
        .setRegion("us-east-1")
        .setJobIds(List.of(jobIds))
        .setRecoveryInstanceIds(List.of())
        .build();
  }

  private static TerminationEnded ended(String requestId, String jobId, String... terminated) {
    return TerminationEnded.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setExecutionId(EXEC)
        .setOccurredAt(T0)
        .setRequestId(requestId)
        .setJobIds(List.of(jobId))
        .setTerminatedInstanceIds(List.of(terminated))
        .build();
  }

  @Test
  void givenAnEndedDrill_whenCleanedUp_thenExactlyItsInstancesAreTerminatedPerAccount() {
    drilled(ExecutionMode.DRILL, null);

    at(T0.plusSeconds(60), cleanUp("carol"));

    assertThat(terminations)
        .extracting(
            t -> t.getRequestId() + " " + t.getAccountId() + " " + t.getRecoveryInstanceIds())
        .containsExactly(
            EXEC + "/cleanup/us-east-1/own null [i-0db]",
            EXEC + "/cleanup/us-east-1/" + OTHER_ACCOUNT + " " + OTHER_ACCOUNT + " [i-0app]");
    assertThat(terminations.get(1).getRoleArn()).contains(OTHER_ACCOUNT);
    assertThat(view.getStatus().name()).isEqualTo("COMPLETED");
    assertThat(view.getCleanup().getStatus()).isEqualTo("RUNNING");
    assertThat(view.getCleanup().getRequestedBy()).isEqualTo("carol");
    assertThat(view.getCleanup().getInstanceIds()).containsExactly("i-0db", "i-0app");
    assertThat(transitions.get(transitions.size() - 1).getToStatus()).isEqualTo("CLEANUP_RUNNING");

    // when both terminations run and end
    String own = EXEC + "/cleanup/us-east-1/own";
    String other = EXEC + "/cleanup/us-east-1/" + OTHER_ACCOUNT;
    at(T0.plusSeconds(61), started(own, "drsjob-t1"));
    at(T0.plusSeconds(62), started(other, "drsjob-t2"));
    assertThat(view.getCleanup().getJobIds()).containsExactly("drsjob-t1", "drsjob-t2");
    at(T0.plusSeconds(70), ended(own, "drsjob-t1", "i-0db"));
    assertThat(view.getCleanup().getStatus()).isEqualTo("RUNNING");
    at(T0.plusSeconds(75), ended(other, "drsjob-t2", "i-0app"));

    // then
    assertThat(view.getCleanup().getStatus()).isEqualTo("COMPLETED");
    assertThat(view.getCleanup().getEndedAt()).isEqualTo(T0.plusSeconds(75));
    assertThat(view.getCleanup().getTerminatedInstanceIds()).containsExactly("i-0db", "i-0app");
    assertThat(transitions.get(transitions.size() - 1).getToStatus())
        .isEqualTo("CLEANUP_COMPLETED");
    assertThat(view.getStatus().name()).as("the drill's own outcome").isEqualTo("COMPLETED");
  }

  @Test
  void givenACleanupAlreadyAsked_whenAskedAgainOrItsNewsComesTwice_thenNothingMoreHappens() {
    drilled(ExecutionMode.DRILL, null);
    at(T0.plusSeconds(60), cleanUp("carol"));
    String own = EXEC + "/cleanup/us-east-1/own";
    at(T0.plusSeconds(61), started(own, "drsjob-t1"));

    assertThat(at(T0.plusSeconds(62), cleanUp("dave"))).isEmpty();
    assertThat(at(T0.plusSeconds(63), started(own, "drsjob-t1"))).isEmpty();
    assertThat(terminations).hasSize(2);
    assertThat(view.getCleanup().getRequestedBy()).isEqualTo("carol");
  }

  @Test
  void givenARecoveryOrARunningDrill_whenCleanupAsked_thenNothingIsTerminated() {
    drilled(ExecutionMode.RECOVERY, null);
    assertThat(at(T0.plusSeconds(60), cleanUp("carol"))).isEmpty();

    state = null;
    at(T0, request("exec-2", "plan-2", wave("db")));
    CleanUpExecution running = cleanUp("carol");
    running.setExecutionId("exec-2");
    assertThat(at(T0.plusSeconds(1), running)).isEmpty();
    assertThat(terminations).isEmpty();
  }

  @Test
  void givenOneTerminationRefused_whenTheOtherEnds_thenTheCleanupFailsNamingWhatWasLeft() {
    drilled(ExecutionMode.DRILL, null);
    at(T0.plusSeconds(60), cleanUp("carol"));
    String own = EXEC + "/cleanup/us-east-1/own";
    String other = EXEC + "/cleanup/us-east-1/" + OTHER_ACCOUNT;
    at(T0.plusSeconds(61), started(own, "drsjob-t1"));
    at(
        T0.plusSeconds(62),
        TerminationFailed.newBuilder()
            .setId(UUID.randomUUID().toString())
            .setExecutionId(EXEC)
            .setOccurredAt(T0)
            .setRequestId(other)
            .setRegion("us-east-1")
            .setErrorCode("AccessDeniedException")
            .setMessage("not allowed")
            .build());
    at(T0.plusSeconds(70), ended(own, "drsjob-t1", "i-0db"));

    assertThat(view.getCleanup().getStatus()).isEqualTo("FAILED");
    assertThat(view.getCleanup().getReason())
        .contains("i-0app")
        .contains("AccessDeniedException: not allowed");
    assertThat(view.getCleanup().getTerminatedInstanceIds()).containsExactly("i-0db");
  }

  @Test
  void givenACleanupDelay_whenItPasses_thenTheTimerCleansUpAndNotBefore() {
    drilled(ExecutionMode.DRILL, 30);
    Instant endedAt = state.endedAt();

    assertThat(decider.nextTimer(state)).contains(endedAt.plus(Duration.ofMinutes(30)));
    assertThat(at(endedAt.plus(Duration.ofMinutes(29)), new Tick(EXEC, endedAt.plusSeconds(1))))
        .isEmpty();

    Instant due = endedAt.plus(Duration.ofMinutes(30));
    at(due, new Tick(EXEC, due));

    assertThat(view.getCleanup().getRequestedBy()).isEqualTo(Cleanup.TIMER);
    assertThat(view.getCleanup().getRequestedAt()).isEqualTo(due);
    assertThat(terminations).hasSize(2);
    assertThat(decider.nextTimer(state)).as("once asked, never again").isEmpty();
  }

  @Test
  void givenADrillThatLaunchedNothing_whenCleanedUp_thenCompletedAtOnceWithNothingToTerminate() {
    at(T0, request(EXEC, "plan-1", wave("db")));
    at(T0.plusSeconds(5), launched(EXEC, "db", 1, "drsjob-db"));
    at(T0.plusSeconds(10), failed(EXEC, "db", 1, "drsjob-db"));
    assertThat(state.status()).isEqualTo(ExecutionStatus.FAILED);

    at(T0.plusSeconds(60), cleanUp("carol"));

    assertThat(terminations).isEmpty();
    assertThat(view.getCleanup().getStatus()).isEqualTo("COMPLETED");
    assertThat(view.getCleanup().getReason()).isEqualTo("the drill launched no recovery instance");
  }
}
