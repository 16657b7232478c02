package io.drsorch.simulator.jobs;

import java.time.Instant;

/**
 * One source server taking part in a job, with what was decided for it when the job was created.
 *
 * @param recoveryInstanceId for a launch, the instance it will launch (null when it is going to
 *     fail); for a termination, the instance being terminated
 * @param failsToLaunch whether this server's launch ends FAILED: an injected fault, or no data to
 *     launch from
 * @param cleanedUpInstanceId the previous recovery instance that this launch terminates first, if
 *     any
 * @param snapshotSource where a launch takes its data from; null for a termination
 * @param pointInTime the time of the data launched, which the recovery instance reports as its
 *     {@code pointInTimeSnapshotDateTime}; null for a termination or when there is no data
 */
public record Participant(
    String sourceServerId,
    String recoveryInstanceId,
    boolean failsToLaunch,
    String cleanedUpInstanceId,
    SnapshotSource snapshotSource,
    Instant pointInTime) {

  /** A server whose recovery instance a TERMINATE job terminates. */
  public static Participant terminating(String sourceServerId, String recoveryInstanceId) {
    return new Participant(sourceServerId, recoveryInstanceId, false, null, null, null);
  }
}
