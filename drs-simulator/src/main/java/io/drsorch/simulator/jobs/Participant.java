package io.drsorch.simulator.jobs;

/**
 * One source server taking part in a job, with what was decided for it when the job was created.
 *
 * @param recoveryInstanceId for a launch, the instance it will launch (null when it is going to
 *     fail); for a termination, the instance being terminated
 * @param failsToLaunch whether an injected fault makes this server's launch fail
 * @param cleanedUpInstanceId the previous recovery instance that this launch terminates first, if
 *     any
 * @param recoverySnapshotId the snapshot asked for, or null for the latest data
 */
public record Participant(
    String sourceServerId,
    String recoveryInstanceId,
    boolean failsToLaunch,
    String cleanedUpInstanceId,
    String recoverySnapshotId) {}
