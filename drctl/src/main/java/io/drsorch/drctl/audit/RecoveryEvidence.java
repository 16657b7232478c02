package io.drsorch.drctl.audit;

import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.ServerLaunch;
import io.drsorch.avro.ServerProblem;
import io.drsorch.avro.WaveView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The evidence an auditor asks of one execution: the point in time it recovered to, what its
 * pre-flight check found, its recovery time against the plan's objective, and each server's
 * recovery point (the snapshot it was launched from) with its age at the request.
 *
 * @param preflight the pre-flight line ("WARN: 1 of 4 servers not ready: ..."); null when it found
 *     nothing or did not run
 * @param rtoMet null without a target or before the end
 */
public record RecoveryEvidence(
    Instant pointInTime,
    String preflight,
    Integer rtoTargetMinutes,
    Long rtoMeasuredSeconds,
    Boolean rtoMet,
    List<RecoveryPoint> points) {

  /** One server's recovery point. */
  public record RecoveryPoint(
      String waveId, String sourceServerId, String snapshotId, Instant takenAt, long rpoSeconds) {}

  public static final RecoveryEvidence NONE =
      new RecoveryEvidence(null, null, null, null, null, List.of());

  static RecoveryEvidence of(ExecutionUpdated view) {
    List<RecoveryPoint> points = new ArrayList<>();
    for (WaveView w : view.getWaves()) {
      for (ServerLaunch s : w.getServers()) {
        if (s.getSnapshotId() != null && s.getRpoSeconds() != null) {
          points.add(
              new RecoveryPoint(
                  w.getWaveId(),
                  s.getSourceServerId(),
                  s.getSnapshotId(),
                  s.getSnapshotTakenAt(),
                  s.getRpoSeconds()));
        }
      }
    }
    return new RecoveryEvidence(
        view.getPointInTime(),
        preflight(view),
        view.getRto() == null ? null : view.getRto().getTargetMinutes(),
        view.getRto() == null ? null : view.getRto().getMeasuredSeconds(),
        view.getRto() == null ? null : view.getRto().getMet(),
        List.copyOf(points));
  }

  private static String preflight(ExecutionUpdated view) {
    if (view.getPreflight() == null || view.getPreflight().getProblems().isEmpty()) {
      return null;
    }
    List<String> servers = new ArrayList<>();
    for (ServerProblem p : view.getPreflight().getProblems()) {
      servers.add(
          p.getSourceServerId()
              + " (wave "
              + p.getWaveId()
              + "): "
              + String.join(", ", p.getProblems()));
    }
    return view.getPreflight().getMode()
        + ": "
        + view.getPreflight().getProblems().size()
        + " of "
        + view.getPreflight().getServersChecked()
        + " servers not ready: "
        + String.join("; ", servers);
  }

  /** The oldest recovery point, if any server was launched from a chosen snapshot. */
  public Long worstRpoSeconds() {
    return points.stream().map(RecoveryPoint::rpoSeconds).max(Long::compare).orElse(null);
  }

  /** "9 min 0 s against 30 min: met", or null when there is nothing to say. */
  public String rtoText() {
    String measured =
        rtoMeasuredSeconds == null
            ? null
            : ReportText.human(Duration.ofSeconds(rtoMeasuredSeconds));
    if (rtoTargetMinutes == null) {
      return measured == null ? null : measured + " (no target set)";
    }
    String verdict = rtoMet == null ? "" : rtoMet ? ": met" : ": NOT met";
    return (measured == null ? "nothing recovered" : measured)
        + " against "
        + rtoTargetMinutes
        + " min"
        + verdict;
  }
}
