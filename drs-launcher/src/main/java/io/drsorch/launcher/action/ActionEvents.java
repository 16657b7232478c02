package io.drsorch.launcher.action;

import io.drsorch.avro.ActionStatus;
import io.drsorch.avro.RunWaveAction;
import io.drsorch.avro.WaveActionEnded;
import io.drsorch.avro.WaveActionStarted;
import io.drsorch.avro.WaveEvent;
import io.drsorch.launcher.launch.LaunchEvents;
import java.time.Instant;

/**
 * Turns a start's outcome into the event the scheduler (and, for a started action, the job-watcher)
 * reads: WaveActionStarted, carrying all the watcher needs to follow the action (its definition,
 * target, deadline, automation), or WaveActionEnded FAILED with the refusal as the reason. Ids are
 * name-based on the requestId, like the watcher's: the same action answered twice (after a crash)
 * carries the same id.
 */
public final class ActionEvents {

  private ActionEvents() {}

  public static WaveEvent of(RunWaveAction command, ActionOutcome outcome, Instant now) {
    Object event =
        outcome instanceof ActionOutcome.Started started
            ? started(command, started, now)
            : refused(command, (ActionOutcome.Refused) outcome, now);
    return WaveEvent.newBuilder().setEvent(event).build();
  }

  private static WaveActionStarted started(
      RunWaveAction command, ActionOutcome.Started started, Instant now) {
    return WaveActionStarted.newBuilder()
        .setId(LaunchEvents.id("WaveActionStarted", command.getRequestId()))
        .setExecutionId(command.getExecutionId())
        .setOccurredAt(now)
        .setCausationId(command.getId())
        .setRequestId(command.getRequestId())
        .setWaveId(command.getWaveId())
        .setPhase(command.getPhase())
        .setIndex(command.getIndex())
        .setAction(command.getAction())
        .setRegion(command.getRegion())
        .setAccountId(command.getAccountId())
        .setRoleArn(command.getRoleArn())
        .setDeadline(command.getDeadline())
        .setAutomationExecutionId(started.automationExecutionId())
        .setClientToken(started.clientToken())
        .setParameters(started.parameters())
        .build();
  }

  private static WaveActionEnded refused(
      RunWaveAction command, ActionOutcome.Refused refused, Instant now) {
    return WaveActionEnded.newBuilder()
        .setId(LaunchEvents.id("WaveActionEnded", command.getRequestId()))
        .setExecutionId(command.getExecutionId())
        .setOccurredAt(now)
        .setCausationId(command.getId())
        .setRequestId(command.getRequestId())
        .setWaveId(command.getWaveId())
        .setPhase(command.getPhase())
        .setIndex(command.getIndex())
        .setOutcome(ActionStatus.FAILED)
        .setReason(refused.reason())
        .build();
  }

  /**
   * What an event says, in a few words for logs and dead letters, e.g. {@code WaveActionStarted of
   * automation 5f0e...}: the automation is what nobody would otherwise hear of.
   */
  public static String describe(WaveEvent envelope) {
    Object event = envelope.getEvent();
    if (event instanceof WaveActionStarted started) {
      return started.getAutomationExecutionId() == null
          ? "WaveActionStarted of " + started.getRequestId()
          : "WaveActionStarted of automation " + started.getAutomationExecutionId();
    }
    return event.getClass().getSimpleName() + " of " + ((WaveActionEnded) event).getRequestId();
  }
}
