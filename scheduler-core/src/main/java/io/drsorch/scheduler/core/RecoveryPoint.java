package io.drsorch.scheduler.core;

import java.time.Instant;

/** The recovery snapshot one server was launched from (a point-in-time launch). */
public record RecoveryPoint(String sourceServerId, String snapshotId, Instant takenAt) {}
