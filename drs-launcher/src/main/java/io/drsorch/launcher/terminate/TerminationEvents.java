package io.drsorch.launcher.terminate;

import io.drsorch.avro.TerminateRecoveryInstances;
import io.drsorch.avro.TerminationFailed;
import io.drsorch.avro.TerminationStarted;
import io.drsorch.avro.WaveEvent;
import io.drsorch.launcher.launch.LaunchEvents;
import java.time.Instant;

/**
 * Turns a termination's outcome into the event the scheduler (and the job-watcher, for the jobs)
 * reads. Ids are name-based on the command's record id: the same command answered again after a
 * crash carries the same event id, a command sent anew (another clean-up request) a new one.
 */
public final class TerminationEvents {

  /** Jobs an event's description names. */
  private TerminationEvents() {}

  public static WaveEvent of(
      TerminateRecoveryInstances command, TerminationOutcome outcome, Instant now) {
    Object event =
        outcome instanceof TerminationOutcome.Started started
            ? started(command, started, now)
            : failed(command, (TerminationOutcome.Failed) outcome, now);
    return WaveEvent.newBuilder().setEvent(event).build();
  }

  private static TerminationStarted started(
      TerminateRecoveryInstances command, TerminationOutcome.Started started, Instant now) {
    return TerminationStarted.newBuilder()
        .setId(LaunchEvents.id("TerminationStarted", command.getId()))
        .setExecutionId(command.getExecutionId())
        .setOccurredAt(now)
        .setCausationId(command.getId())
        .setRequestId(command.getRequestId())
        .setRegion(command.getRegion())
        .setAccountId(command.getAccountId())
        .setRoleArn(command.getRoleArn())
        .setJobIds(started.jobIds())
        .setRecoveryInstanceIds(started.recoveryInstanceIds())
        .setAlreadyGone(started.alreadyGone())
        .build();
  }

  private static TerminationFailed failed(
      TerminateRecoveryInstances command, TerminationOutcome.Failed failed, Instant now) {
    return TerminationFailed.newBuilder()
        .setId(LaunchEvents.id("TerminationFailed", command.getId()))
        .setExecutionId(command.getExecutionId())
        .setOccurredAt(now)
        .setCausationId(command.getId())
        .setRequestId(command.getRequestId())
        .setRegion(command.getRegion())
        .setAccountId(command.getAccountId())
        .setRoleArn(command.getRoleArn())
        .setErrorCode(failed.errorCode())
        .setMessage(failed.message())
        .setRecoveryInstanceIds(failed.notStarted())
        .setJobIds(failed.startedJobIds())
        .build();
  }
}
