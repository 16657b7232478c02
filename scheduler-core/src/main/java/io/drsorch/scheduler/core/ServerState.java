package io.drsorch.scheduler.core;

import io.drsorch.avro.LaunchStatus;
import java.time.Instant;

/**
 * One source server of a wave, as DRS last reported its launch, and the recovery snapshot it was
 * launched from when the execution asked for a point in time (null otherwise).
 */
public record ServerState(
    String sourceServerId,
    LaunchStatus launchStatus,
    String recoveryInstanceId,
    String jobId,
    String snapshotId,
    Instant snapshotTakenAt) {

  /** A server as DRS reports it, without a chosen snapshot. */
  public ServerState(
      String sourceServerId, LaunchStatus launchStatus, String recoveryInstanceId, String jobId) {
    this(sourceServerId, launchStatus, recoveryInstanceId, jobId, null, null);
  }

  public static ServerState pending(String sourceServerId) {
    return new ServerState(sourceServerId, LaunchStatus.PENDING, null, null);
  }

  /**
   * This newer report of the server, keeping the snapshot it was launched from: DRS's job reports
   * do not repeat it, only the launcher knows it.
   */
  ServerState reportedAs(ServerState newer) {
    if (newer.snapshotId() != null || snapshotId == null) {
      return newer;
    }
    return new ServerState(
        newer.sourceServerId(),
        newer.launchStatus(),
        newer.recoveryInstanceId(),
        newer.jobId(),
        snapshotId,
        snapshotTakenAt);
  }

  /** Launched from this snapshot. */
  ServerState from(RecoveryPoint point) {
    return new ServerState(
        sourceServerId,
        launchStatus,
        recoveryInstanceId,
        jobId,
        point.snapshotId(),
        point.takenAt());
  }
}
