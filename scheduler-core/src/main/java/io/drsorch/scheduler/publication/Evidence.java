package io.drsorch.scheduler.publication;

import io.drsorch.avro.ExecutionStatus;
import io.drsorch.avro.RtoEvidence;
import io.drsorch.scheduler.core.ExecutionState;
import io.drsorch.scheduler.core.ServerState;
import java.time.Duration;

/**
 * The recovery time and recovery point evidence of an execution's view, derived from its state
 * only, so that a replay of the history derives the same figures.
 */
final class Evidence {

  private Evidence() {}

  /**
   * Request to end for a COMPLETED execution (its end is its last wave's completion), against the
   * plan's target. An execution that ended otherwise recovered nothing in time: it did not meet a
   * target, and has no measured time. Null while it runs and has no target, so that views without
   * either stay as they were.
   */
  static RtoEvidence rto(ExecutionState s) {
    Integer target = s.terms().rtoTargetMinutes();
    boolean ended = s.endedAt() != null && !s.isLive();
    if (!ended && target == null) {
      return null;
    }
    Long measured =
        s.status() == ExecutionStatus.COMPLETED && s.endedAt() != null
            ? Duration.between(s.startedAt(), s.endedAt()).toSeconds()
            : null;
    Boolean met = null;
    if (target != null && ended) {
      met = measured != null && measured <= target * 60L;
    }
    return RtoEvidence.newBuilder()
        .setTargetMinutes(target)
        .setMeasuredSeconds(measured)
        .setMet(met)
        .build();
  }

  /**
   * How old the server's recovery point was when the execution was requested: the data a recovery
   * from it loses. Known only for a launch from a chosen snapshot.
   */
  static Long rpoSeconds(ExecutionState s, ServerState server) {
    if (server.snapshotTakenAt() == null || s.startedAt() == null) {
      return null;
    }
    return Math.max(0, Duration.between(server.snapshotTakenAt(), s.startedAt()).toSeconds());
  }
}
