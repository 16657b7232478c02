package io.drsorch.simulator.servers;

import java.util.Arrays;
import java.util.Locale;

/**
 * A source server's {@code dataReplicationInfo.dataReplicationState}: the values of the model's
 * {@code DataReplicationState}. Only a CONTINUOUS server takes recovery snapshots, the scheduled
 * ones as well as the on-demand one a launch from the latest data needs.
 */
public enum ReplicationState {
  STOPPED,
  INITIATING,
  INITIAL_SYNC,
  BACKLOG,
  CREATING_SNAPSHOT,
  CONTINUOUS,
  PAUSED,
  RESCAN,
  STALLED,
  DISCONNECTED;

  /** The state named {@code text} (case-insensitive); refused naming the values otherwise. */
  public static ReplicationState parse(String field, String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          field
              + " must be one of "
              + Arrays.toString(values())
              + " (DRS's DataReplicationState), got '"
              + text
              + "'");
    }
  }

  public boolean takesSnapshots() {
    return this == CONTINUOUS;
  }

  /**
   * Whether a server first seen in this state has replicated before, and so has the snapshot of the
   * moment it was added: not while replication is still being set up (no consistent point yet), nor
   * once it is STOPPED, which deletes a server's snapshots (the model's StopReplication).
   */
  public boolean hasReplicated() {
    return this != INITIATING && this != INITIAL_SYNC && this != STOPPED;
  }
}
