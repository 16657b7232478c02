package io.drsorch.simulator.jobs;

/**
 * Where a launched server's data comes from. The model's StartRecovery: "Omit [recoverySnapshotID]
 * to launch from the latest data by taking an on-demand snapshot"; its job log events
 * SNAPSHOT_FAIL, USING_PREVIOUS_SNAPSHOT and USING_PREVIOUS_SNAPSHOT_FAILED name what happens when
 * that snapshot cannot be taken. The simulator takes one only from a CONTINUOUS server, as it does
 * its scheduled snapshots.
 */
public enum SnapshotSource {
  /** The latest data: an on-demand snapshot, taken while the job is PENDING. */
  ON_DEMAND,
  /** The recovery snapshot the request named. */
  CHOSEN,
  /** The on-demand snapshot failed (replication not CONTINUOUS): the newest recovery snapshot. */
  PREVIOUS,
  /** The on-demand snapshot failed and there is no recovery snapshot: the server cannot launch. */
  NONE
}
