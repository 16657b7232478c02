package io.drsorch.drctl.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One wave of an execution as the report draws it.
 *
 * @param startedAt when it was asked to launch (after any approval); null if it never was
 * @param endedAt when it reached its final status; null while it runs or if it never started
 * @param failedServers servers whose launch did not end LAUNCHED
 * @param approval its approval gate, if it reached it; null otherwise
 * @param carriedOver in a retry: where its outcome came from; null for a wave of this execution
 * @param actions its before and after actions, in the order they run
 */
public record WaveSpan(
    String waveId,
    String name,
    List<String> dependsOn,
    String status,
    Instant startedAt,
    Instant endedAt,
    List<String> jobIds,
    int servers,
    int launched,
    List<FailedServer> failedServers,
    String reason,
    Approval approval,
    CarryOver carriedOver,
    List<ActionStep> actions) {

  /**
   * A server that did not launch.
   *
   * @param optional the plan lets the wave complete without it
   */
  public record FailedServer(String serverId, String launchStatus, boolean optional) {}

  /**
   * A wave's wait at its approval gate.
   *
   * @param waitingSince when its dependencies had completed and it began to wait
   * @param approvedBy who let it launch; null if nobody did (still waiting, rejected, timed out)
   */
  public record Approval(
      Instant waitingSince, String approvedBy, Instant approvedAt, String comment) {}

  /**
   * @param fromExecutionId the retried execution whose outcome of the wave was taken over
   * @param overrideBy who marked the failed wave done without relaunching it; null if nobody did
   */
  public record CarryOver(String fromExecutionId, String overrideBy) {}

  /**
   * Its run time: from its launch (or its first before action) to its end (after its last after
   * action). Time spent waiting for approval is not in it; time its actions ran is, see {@link
   * #actionTime}.
   */
  public Duration duration() {
    return startedAt == null || endedAt == null ? null : Duration.between(startedAt, endedAt);
  }

  /**
   * How long its actions ran, one after the other, within its run time; zero without actions. An
   * action still running counts nothing yet.
   */
  public Duration actionTime() {
    Duration total = Duration.ZERO;
    for (ActionStep a : actions) {
      if (a.duration() != null) {
        total = total.plus(a.duration());
      }
    }
    return total;
  }

  /**
   * How long it waited at its approval gate: until approved, else until it ended there (rejected,
   * timed out, cancelled); null if it never waited or waits still.
   */
  public Duration approvalWait() {
    if (approval == null || approval.waitingSince() == null) {
      return null;
    }
    Instant until = approval.approvedAt() != null ? approval.approvedAt() : endedAt;
    return until == null ? null : Duration.between(approval.waitingSince(), until);
  }
}
