package io.drsorch.launcher.launch;

import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.ServerSnapshot;
import io.drsorch.avro.TerminationFailed;
import io.drsorch.avro.TerminationStarted;
import io.drsorch.avro.WaveEvent;
import io.drsorch.avro.WaveLaunchFailed;
import io.drsorch.avro.WaveLaunched;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Turns an outcome into the event the wave-scheduler reads. Ids are name-based on the request id,
 * so the same attempt reported twice (after a crash, through the dedupe) carries the same id.
 */
public final class LaunchEvents {

  /** Jobs an event's description names; a wave of 5000 servers one per call has 5000. */
  private static final int JOBS_NAMED = 20;

  private LaunchEvents() {}

  public static WaveEvent of(LaunchWave command, LaunchOutcome outcome, Instant now) {
    Object event =
        outcome instanceof LaunchOutcome.Launched launched
            ? launched(command, launched, now)
            : failed(command, (LaunchOutcome.Rejected) outcome, now);
    return WaveEvent.newBuilder().setEvent(event).build();
  }

  private static WaveLaunched launched(
      LaunchWave command, LaunchOutcome.Launched launched, Instant now) {
    return WaveLaunched.newBuilder()
        .setId(id("WaveLaunched", command.getRequestId()))
        .setExecutionId(command.getExecutionId())
        .setOccurredAt(now)
        .setCausationId(command.getId())
        .setWaveId(command.getWaveId())
        .setAttempt(command.getAttempt())
        .setRegion(command.getRegion())
        .setAccountId(command.getAccountId())
        .setRoleArn(command.getRoleArn())
        .setRequestId(command.getRequestId())
        .setJobIds(launched.jobIds())
        .setSourceServerIds(command.getSourceServerIds())
        .setSnapshots(launched.snapshots().stream().map(LaunchEvents::snapshot).toList())
        .build();
  }

  private static ServerSnapshot snapshot(ChosenSnapshot chosen) {
    return ServerSnapshot.newBuilder()
        .setSourceServerId(chosen.sourceServerId())
        .setSnapshotId(chosen.snapshotId())
        .setTakenAt(chosen.takenAt())
        .build();
  }

  private static WaveLaunchFailed failed(
      LaunchWave command, LaunchOutcome.Rejected rejected, Instant now) {
    return WaveLaunchFailed.newBuilder()
        .setId(id("WaveLaunchFailed", command.getRequestId()))
        .setExecutionId(command.getExecutionId())
        .setOccurredAt(now)
        .setCausationId(command.getId())
        .setWaveId(command.getWaveId())
        .setAttempt(command.getAttempt())
        .setRequestId(command.getRequestId())
        .setErrorCode(rejected.errorCode())
        .setMessage(rejected.message())
        .setRetryable(rejected.retryable())
        .setRetryAfterSeconds(rejected.retryAfterSeconds())
        .setJobIds(rejected.startedJobIds())
        .build();
  }

  /**
   * What an event says, in a few words for logs and dead letters: its type and the jobs it names
   * (at most {@value #JOBS_NAMED}, then a count), e.g. {@code WaveLaunched of jobs [drsjob-...]}.
   */
  public static String describe(WaveEvent envelope) {
    Object event = envelope.getEvent();
    List<String> jobIds =
        event instanceof WaveLaunched launched
            ? launched.getJobIds()
            : event instanceof WaveLaunchFailed failed
                ? failed.getJobIds()
                : event instanceof TerminationStarted started
                    ? started.getJobIds()
                    : event instanceof TerminationFailed refused ? refused.getJobIds() : List.of();
    String type = event.getClass().getSimpleName();
    if (jobIds.isEmpty()) {
      return type + " of no job";
    }
    String named = String.join(", ", jobIds.subList(0, Math.min(JOBS_NAMED, jobIds.size())));
    String more =
        jobIds.size() > JOBS_NAMED ? " and " + (jobIds.size() - JOBS_NAMED) + " more" : "";
    return type + " of jobs [" + named + "]" + more;
  }

  /** A name-based id: the same command always gets the same event id. */
  public static String id(String type, String requestId) {
    return UUID.nameUUIDFromBytes((type + "|" + requestId).getBytes(StandardCharsets.UTF_8))
        .toString();
  }
}
