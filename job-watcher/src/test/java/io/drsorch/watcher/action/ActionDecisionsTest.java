package io.drsorch.watcher.action;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.ActionPhase;
import io.drsorch.avro.ActionStatus;
import io.drsorch.avro.ActionType;
import io.drsorch.avro.WaveAction;
import io.drsorch.avro.WaveActionEnded;
import io.drsorch.drsclient.Target;
import io.drsorch.watcher.action.ActionDecisions.Call;
import io.drsorch.watcher.action.ActionDecisions.End;
import io.drsorch.watcher.action.ActionDecisions.Step;
import io.drsorch.watcher.state.ActionKey;
import io.drsorch.watcher.state.WatchedAction;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ActionDecisionsTest {

  private static final Instant DEADLINE = Instant.parse("2026-12-01T10:15:00Z");
  private static final Instant BEFORE = DEADLINE.minusSeconds(60);
  private static final Instant AFTER = DEADLINE.plusSeconds(1);
  private static final Duration INTERVAL = Duration.ofSeconds(5);

  @Test
  void givenEachFinalStatusOfSsm_whenDecided_thenTheMatchingOutcomeAndSsmsWord() {
    assertThat(endOf("Success", null).getOutcome()).isEqualTo(ActionStatus.SUCCEEDED);
    assertThat(endOf("Success", null).getReason()).isNull();
    assertThat(endOf("CompletedWithSuccess", null).getOutcome()).isEqualTo(ActionStatus.SUCCEEDED);
    WaveActionEnded failed = endOf("Failed", "Step 2 failed");
    assertThat(failed.getOutcome()).isEqualTo(ActionStatus.FAILED);
    assertThat(failed.getReason()).isEqualTo("Step 2 failed");
    assertThat(failed.getAutomationStatus()).isEqualTo("Failed");
    assertThat(endOf("TimedOut", null).getOutcome()).isEqualTo(ActionStatus.TIMED_OUT);
    assertThat(endOf("TimedOut", null).getReason()).isEqualTo("automation TimedOut");
    assertThat(endOf("Cancelled", null).getOutcome()).isEqualTo(ActionStatus.CANCELLED);
    assertThat(endOf("Rejected", null).getOutcome()).isEqualTo(ActionStatus.FAILED);
  }

  @Test
  void givenAnAutomationStillRunning_whenDecidedBeforeItsDeadline_thenReadWhenDueOnly() {
    // given
    ActionProgress seen = new ActionProgress();
    // then read at once, then again once the interval passed
    assertThat(ActionDecisions.next(automation(), seen, BEFORE)).isEqualTo(Call.READ);
    seen.read(new AutomationReading("InProgress", null), BEFORE, BEFORE.plus(INTERVAL));
    assertThat(ActionDecisions.next(automation(), seen, BEFORE.plusSeconds(1)))
        .isEqualTo(Call.WAIT);
    assertThat(ActionDecisions.next(automation(), seen, BEFORE.plus(INTERVAL)))
        .isEqualTo(Call.READ);
  }

  @Test
  void givenAnAutomationRunningPastItsDeadline_whenDecided_thenReadOnceMoreThenStopThenTimedOut() {
    // given last read before the deadline
    ActionProgress seen = new ActionProgress();
    seen.read(new AutomationReading("InProgress", null), BEFORE, BEFORE.plus(INTERVAL));
    // then one last look
    assertThat(ActionDecisions.next(automation(), seen, AFTER)).isEqualTo(Call.READ);
    // still running: stop it at once
    seen.read(new AutomationReading("InProgress", null), AFTER, AFTER.plus(INTERVAL));
    assertThat(ActionDecisions.next(automation(), seen, AFTER)).isEqualTo(Call.STOP);
    // stopped: timed out
    seen.stopped(AFTER.plus(INTERVAL));
    WaveActionEnded ended = end(ActionDecisions.next(automation(), seen, AFTER));
    assertThat(ended.getOutcome()).isEqualTo(ActionStatus.TIMED_OUT);
    assertThat(ended.getReason()).isEqualTo("no result within 15 minutes: automation stopped");
    assertThat(ended.getAutomationStatus()).isEqualTo("InProgress");
  }

  @Test
  void givenAnAutomationThatEndedJustBeforeItsDeadline_whenLookedAtLast_thenItsOwnOutcome() {
    // given
    ActionProgress seen = new ActionProgress();
    seen.read(new AutomationReading("InProgress", null), BEFORE, BEFORE.plus(INTERVAL));
    assertThat(ActionDecisions.next(automation(), seen, AFTER)).isEqualTo(Call.READ);
    // when the last look finds it succeeded
    seen.read(new AutomationReading("Success", null), AFTER, AFTER.plus(INTERVAL));
    // then
    assertThat(end(ActionDecisions.next(automation(), seen, AFTER)).getOutcome())
        .isEqualTo(ActionStatus.SUCCEEDED);
  }

  @Test
  void givenStopsThatKeepFailing_whenDecided_thenTriedAgainThenTimedOutSayingSo() {
    // given past the deadline, looked at since
    ActionProgress seen = new ActionProgress();
    seen.read(new AutomationReading("InProgress", null), AFTER, AFTER.plus(INTERVAL));
    CallRefusal throttled = new CallRefusal("ThrottlingException", "Rate exceeded", true);
    // when stops fail with what may pass
    for (int i = 1; i < ActionDecisions.MAX_STOP_TRIES; i++) {
      seen.stopFailed(throttled, false, AFTER.plus(INTERVAL));
      assertThat(ActionDecisions.next(automation(), seen, AFTER)).isEqualTo(Call.WAIT);
      assertThat(ActionDecisions.next(automation(), seen, AFTER.plus(INTERVAL)))
          .isEqualTo(Call.STOP);
    }
    seen.stopFailed(throttled, false, AFTER.plus(INTERVAL));
    // then
    WaveActionEnded ended = end(ActionDecisions.next(automation(), seen, AFTER.plus(INTERVAL)));
    assertThat(ended.getOutcome()).isEqualTo(ActionStatus.TIMED_OUT);
    assertThat(ended.getReason())
        .isEqualTo(
            "no result within 15 minutes: could not stop it: ThrottlingException: Rate exceeded");
  }

  @Test
  void givenAStopThatFindsItOver_whenDecided_thenReadAgainAndItsOwnOutcome() {
    // given
    ActionProgress seen = new ActionProgress();
    seen.read(new AutomationReading("InProgress", null), AFTER, AFTER.plus(INTERVAL));
    seen.stopFailed(new CallRefusal(AutomationCalls.ALREADY_OVER, "not valid", false), true, AFTER);
    // then
    assertThat(ActionDecisions.next(automation(), seen, AFTER)).isEqualTo(Call.READ);
    seen.read(new AutomationReading("Failed", "boom"), AFTER, AFTER.plus(INTERVAL));
    WaveActionEnded ended = end(ActionDecisions.next(automation(), seen, AFTER));
    assertThat(ended.getOutcome()).isEqualTo(ActionStatus.FAILED);
    assertThat(ended.getReason()).isEqualTo("boom");
  }

  @Test
  void givenReadsRefused_whenDecided_thenForGoodFailedButOfTheMomentTriedAgain() {
    // given
    ActionProgress throttled = new ActionProgress();
    throttled.readFailed(
        new CallRefusal("ThrottlingException", "Rate exceeded", true),
        BEFORE,
        BEFORE.plus(INTERVAL));
    ActionProgress missing = new ActionProgress();
    missing.readFailed(
        new CallRefusal("AutomationExecutionNotFoundException", "not found", false),
        BEFORE,
        BEFORE.plus(INTERVAL));
    // then
    assertThat(ActionDecisions.next(automation(), throttled, BEFORE.plus(INTERVAL)))
        .isEqualTo(Call.READ);
    WaveActionEnded ended = end(ActionDecisions.next(automation(), missing, BEFORE));
    assertThat(ended.getOutcome()).isEqualTo(ActionStatus.FAILED);
    assertThat(ended.getReason()).isEqualTo("AutomationExecutionNotFoundException: not found");
  }

  @Test
  void givenAnHttpCheck_whenDecided_thenCheckedEachIntervalUntilTheStatusOrTheDeadline() {
    // given
    ActionProgress seen = new ActionProgress();
    assertThat(ActionDecisions.next(httpCheck(), seen, BEFORE)).isEqualTo(Call.CHECK);
    seen.checked(HttpReading.answered(503), BEFORE.plusSeconds(5));
    assertThat(ActionDecisions.next(httpCheck(), seen, BEFORE.plusSeconds(1))).isEqualTo(Call.WAIT);
    assertThat(ActionDecisions.next(httpCheck(), seen, BEFORE.plusSeconds(5)))
        .isEqualTo(Call.CHECK);
    // at the deadline: the last answer named
    WaveActionEnded timedOut = end(ActionDecisions.next(httpCheck(), seen, DEADLINE));
    assertThat(timedOut.getOutcome()).isEqualTo(ActionStatus.TIMED_OUT);
    assertThat(timedOut.getReason()).isEqualTo("no 204 answer within 15 minutes; last answer 503");
    assertThat(timedOut.getLastHttpStatus()).isEqualTo(503);
    // the expected status ends it
    seen.checked(HttpReading.answered(204), BEFORE.plusSeconds(10));
    WaveActionEnded succeeded = end(ActionDecisions.next(httpCheck(), seen, BEFORE));
    assertThat(succeeded.getOutcome()).isEqualTo(ActionStatus.SUCCEEDED);
    assertThat(succeeded.getLastHttpStatus()).isEqualTo(204);
  }

  @Test
  void givenAnHttpCheckNeverAnswered_whenTheDeadlinePasses_thenTheReasonSaysWhy() {
    ActionProgress seen = new ActionProgress();
    seen.checked(HttpReading.failed(new ConnectException(), Duration.ofSeconds(5)), BEFORE);
    assertThat(end(ActionDecisions.next(httpCheck(), seen, DEADLINE)).getReason())
        .isEqualTo("no 204 answer within 15 minutes; no answer: connection refused");
    assertThat(end(ActionDecisions.next(httpCheck(), new ActionProgress(), DEADLINE)).getReason())
        .isEqualTo("no 204 answer within 15 minutes; never asked");
  }

  private static WaveActionEnded endOf(String status, String failureMessage) {
    ActionProgress seen = new ActionProgress();
    seen.read(new AutomationReading(status, failureMessage), BEFORE, BEFORE.plus(INTERVAL));
    return end(ActionDecisions.next(automation(), seen, BEFORE));
  }

  private static WaveActionEnded end(Step step) {
    assertThat(step).isInstanceOf(End.class);
    WaveActionEnded ended = ((End) step).ended();
    assertThat(ended.getRequestId()).isEqualTo("exec-1/app/1/AFTER/0");
    assertThat(ended.getCausationId()).isEqualTo("started-1");
    return ended;
  }

  private static WatchedAction automation() {
    return action(
        WaveAction.newBuilder()
            .setName("restart")
            .setType(ActionType.SSM_AUTOMATION)
            .setDocumentName("Restart")
            .build(),
        "4b1a3c52-0000-4000-8000-000000000001");
  }

  private static WatchedAction httpCheck() {
    return action(
        WaveAction.newBuilder()
            .setName("health")
            .setType(ActionType.HTTP_CHECK)
            .setUrl("http://app/health")
            .setExpectStatus(204)
            .build(),
        null);
  }

  private static WatchedAction action(WaveAction action, String automationExecutionId) {
    return new WatchedAction(
        new ActionKey("exec-1", "exec-1/app/1/AFTER/0"),
        "app",
        ActionPhase.AFTER,
        0,
        action,
        new Target("us-east-1", null),
        DEADLINE,
        automationExecutionId,
        "started-1",
        null);
  }
}
