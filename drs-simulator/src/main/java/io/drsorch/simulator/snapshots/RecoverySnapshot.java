package io.drsorch.simulator.snapshots;

import java.time.Instant;

/**
 * One recovery (point-in-time) snapshot of a source server, as the model's {@code
 * RecoverySnapshot}: the simulator takes it exactly when expected, so {@code expectedTimestamp} and
 * {@code timestamp} are both {@code takenAt}.
 *
 * @param sequence orders the server's snapshots by time and keys their pagination
 * @param ebsSnapshotId the EBS snapshot of the server's one disk
 */
public record RecoverySnapshot(
    long sequence, String id, String sourceServerId, Instant takenAt, String ebsSnapshotId) {}
