package io.drsorch.launcher.launch;

import java.time.Instant;

/**
 * The recovery snapshot a server of a point-in-time launch is launched from: the id StartRecovery
 * is given as {@code recoverySnapshotID}, and the time DRS says it was taken (the server's recovery
 * point, which the WaveLaunched reports).
 */
public record ChosenSnapshot(String sourceServerId, String snapshotId, Instant takenAt) {}
