package io.drsorch.watcher.action;

import io.drsorch.avro.ActionStatus;
import io.drsorch.avro.WaveActionEnded;
import io.drsorch.watcher.state.WatchedAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Decides the next step of a followed action from what was seen of it ({@link ActionProgress}): its
 * end (one WaveActionEnded), a call to make, or nothing yet. Pure: it reads and returns, the calls
 * are {@link ActionFollower}'s.
 *
 * <p>An SSM automation ends as SSM says once its status is final: {@code Success} SUCCEEDED, {@code
 * Failed} FAILED with SSM's failure message, {@code TimedOut} TIMED_OUT, {@code Cancelled}
 * CANCELLED. When its deadline comes first, it is read once more (it may have ended just in time),
 * then stopped, and ends TIMED_OUT. A read that SSM refuses for good (the automation does not exist
 * there, access denied) ends it FAILED with SSM's words. An HTTP check ends SUCCEEDED on the first
 * answer with the expected status, TIMED_OUT at its deadline naming the last answer (or why none
 * came).
 *
 * <p>The id of a WaveActionEnded is name-based on the action's requestId, the same whether the
 * launcher or a watcher writes it: one decided twice (after a restart, or by two instances during a
 * rebalance) carries the same id.
 */
public final class ActionDecisions {

  /** Stops tried before an automation past its deadline ends without having been stopped. */
  static final int MAX_STOP_TRIES = 3;

  /** Characters of a reason: SSM's failure messages can be long, the scheduler keeps less. */
  static final int MAX_REASON_LENGTH = 2000;

  private static final Map<String, ActionStatus> FINAL_STATUSES =
      Map.of(
          "Success", ActionStatus.SUCCEEDED,
          "CompletedWithSuccess", ActionStatus.SUCCEEDED,
          "Failed", ActionStatus.FAILED,
          "CompletedWithFailure", ActionStatus.FAILED,
          "Rejected", ActionStatus.FAILED,
          "ChangeCalendarOverrideRejected", ActionStatus.FAILED,
          "Exited", ActionStatus.FAILED,
          "TimedOut", ActionStatus.TIMED_OUT,
          "Cancelled", ActionStatus.CANCELLED);

  /** SSM is stopping it already (someone asked before the deadline did). */
  private static final String CANCELLING = "Cancelling";

  private ActionDecisions() {}

  /** What to do next: end it, or make a call, or wait. */
  public sealed interface Step permits End, Call {}

  /** The action is over: write this. */
  public record End(WaveActionEnded ended) implements Step {}

  /** A call to make now, or none yet. */
  public enum Call implements Step {
    /** GetAutomationExecution. */
    READ,
    /** StopAutomationExecution. */
    STOP,
    /** GET the URL. */
    CHECK,
    WAIT
  }

  /**
   * The next step of {@code action}, whose progress has no call in flight.
   *
   * @param now the poller's time: the deadline is compared with it
   */
  static Step next(WatchedAction action, ActionProgress seen, Instant now) {
    return action.isAutomation() ? automation(action, seen, now) : httpCheck(action, seen, now);
  }

  private static Step automation(WatchedAction action, ActionProgress seen, Instant now) {
    AutomationReading reading = seen.automation();
    String status = reading == null ? null : reading.status();
    if (status != null && FINAL_STATUSES.containsKey(status)) {
      return new End(ended(action, reading, now));
    }
    CallRefusal refused = seen.readRefusal();
    if (refused != null && !refused.mayPass()) {
      return new End(
          builder(action, ActionStatus.FAILED, refused.reason(), now)
              .setAutomationStatus(status)
              .build());
    }
    if (now.isBefore(action.deadline())) {
      return seen.due(now) ? Call.READ : Call.WAIT;
    }
    if (seen.stopped()) {
      return timedOut(action, status, "automation stopped", now);
    }
    if (seen.lastReadAt() == null || seen.lastReadAt().isBefore(action.deadline())) {
      // One last look first: an automation that ended just before its deadline is not timed out.
      return Call.READ;
    }
    if (seen.readAgain()) {
      return seen.due(now) ? Call.READ : Call.WAIT;
    }
    CallRefusal stopRefused = seen.stopRefusal();
    if (stopRefused != null && (!stopRefused.mayPass() || seen.stopFailures() >= MAX_STOP_TRIES)) {
      return timedOut(action, status, "could not stop it: " + stopRefused.reason(), now);
    }
    if (CANCELLING.equals(status)) {
      return timedOut(action, status, "SSM was stopping it already", now);
    }
    // The first stop right after the last look; a failed one again after the interval.
    return seen.stopFailures() == 0 || seen.due(now) ? Call.STOP : Call.WAIT;
  }

  private static Step httpCheck(WatchedAction action, ActionProgress seen, Instant now) {
    HttpReading last = seen.http();
    Integer status = last == null ? null : last.status();
    if (status != null && status == action.action().getExpectStatus()) {
      return new End(
          builder(action, ActionStatus.SUCCEEDED, null, now).setLastHttpStatus(status).build());
    }
    if (!now.isBefore(action.deadline())) {
      String reason =
          "no "
              + action.action().getExpectStatus()
              + " answer within "
              + minutes(action)
              + "; "
              + (last == null ? "never asked" : last.described());
      return new End(
          builder(action, ActionStatus.TIMED_OUT, reason, now).setLastHttpStatus(status).build());
    }
    return seen.due(now) ? Call.CHECK : Call.WAIT;
  }

  /** The end of an automation whose status is final. */
  private static WaveActionEnded ended(
      WatchedAction action, AutomationReading reading, Instant now) {
    ActionStatus outcome = FINAL_STATUSES.get(reading.status());
    String reason = null;
    if (outcome != ActionStatus.SUCCEEDED) {
      reason =
          reading.failureMessage() != null && !reading.failureMessage().isBlank()
              ? reading.failureMessage()
              : "automation " + reading.status();
    }
    return builder(action, outcome, reason, now).setAutomationStatus(reading.status()).build();
  }

  private static End timedOut(WatchedAction action, String status, String what, Instant now) {
    return new End(
        builder(
                action,
                ActionStatus.TIMED_OUT,
                "no result within " + minutes(action) + ": " + what,
                now)
            .setAutomationStatus(status)
            .build());
  }

  /**
   * The end of an action the watcher gave up on (Kafka kept refusing its end): nobody can say how
   * it went, so it FAILED, and the reason says why.
   */
  static WaveActionEnded abandoned(WatchedAction action, String reason, Instant now) {
    return builder(action, ActionStatus.FAILED, reason, now).build();
  }

  private static String minutes(WatchedAction action) {
    int minutes = action.action().getTimeoutMinutes();
    return minutes == 1 ? "1 minute" : minutes + " minutes";
  }

  private static WaveActionEnded.Builder builder(
      WatchedAction action, ActionStatus outcome, String reason, Instant now) {
    String name = "WaveActionEnded|" + action.key().requestId();
    return WaveActionEnded.newBuilder()
        .setId(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString())
        .setExecutionId(action.key().executionId())
        .setOccurredAt(now)
        .setCausationId(action.startedId())
        .setRequestId(action.key().requestId())
        .setWaveId(action.waveId())
        .setPhase(action.phase())
        .setIndex(action.index())
        .setOutcome(outcome)
        .setReason(cut(reason))
        .setAutomationExecutionId(action.automationExecutionId());
  }

  private static String cut(String reason) {
    if (reason == null || reason.length() <= MAX_REASON_LENGTH) {
      return reason;
    }
    return reason.substring(0, MAX_REASON_LENGTH - 3) + "...";
  }
}
