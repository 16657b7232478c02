package io.drsorch.drctl.audit;

import io.drsorch.avro.CleanupView;
import io.drsorch.avro.ExecutionMode;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.PreflightVerdict;
import io.drsorch.avro.RtoEvidence;
import io.drsorch.avro.ServerLaunch;
import io.drsorch.avro.WaveView;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The evidence an auditor asks of a plan over a period: each execution started in it, oldest first,
 * with how long it took against the plan's RTO, the oldest recovery point among its servers,
 * whether a drill's instances were cleaned up, and what its pre-flight check let through. Read from
 * the scheduler's latest views (drs.executions), which hold all of it.
 *
 * @param planName as the newest execution froze it; null when there is none
 * @param from the start of the period: {@code generatedAt} minus {@code since}
 * @param unreadableViews views on drs.executions that could not be read (of any plan)
 */
public record PlanEvidence(
    String planId,
    String planName,
    Duration since,
    Instant from,
    Instant generatedAt,
    List<Execution> executions,
    int unreadableViews) {

  /**
   * One execution.
   *
   * @param rtoTargetMinutes null when the plan set none
   * @param rtoMeasuredSeconds null until it COMPLETED
   * @param rtoMet null without a target or a measure
   * @param worstRpoSeconds the largest rpoSeconds among its servers; null when none has one
   * @param cleanup the drill cleanup, null when none was asked for (and always for a RECOVERY)
   * @param preflight the pre-flight verdict's mode and how many servers it found not ready; null
   *     when it ran without finding any, or did not run
   */
  public record Execution(
      Instant startedAt,
      String executionId,
      String mode,
      String status,
      Integer rtoTargetMinutes,
      Long rtoMeasuredSeconds,
      Boolean rtoMet,
      Long worstRpoSeconds,
      Cleanup cleanup,
      Preflight preflight) {

    public boolean recovery() {
      return ExecutionMode.RECOVERY.name().equals(mode);
    }
  }

  public record Cleanup(String status, int instances, int terminated) {}

  public record Preflight(String mode, int serversNotReady, int serversChecked) {}

  /**
   * @param views latest views, of any plan and any time: those of {@code planId} started within
   *     {@code since} of {@code now} are kept
   */
  public static PlanEvidence of(
      String planId,
      Collection<ExecutionUpdated> views,
      Duration since,
      Instant now,
      int unreadableViews) {
    Instant from = now.minus(since);
    List<ExecutionUpdated> ours =
        views.stream()
            .filter(v -> planId.equals(v.getPlanId()))
            .filter(v -> !v.getStartedAt().isBefore(from))
            .sorted(
                Comparator.comparing(ExecutionUpdated::getStartedAt)
                    .thenComparing(ExecutionUpdated::getExecutionId))
            .toList();
    String planName = ours.isEmpty() ? null : ours.get(ours.size() - 1).getPlanName();
    return new PlanEvidence(
        planId,
        planName,
        since,
        from,
        now,
        ours.stream().map(PlanEvidence::execution).toList(),
        unreadableViews);
  }

  private static Execution execution(ExecutionUpdated v) {
    RtoEvidence rto = v.getRto();
    return new Execution(
        v.getStartedAt(),
        v.getExecutionId(),
        v.getMode().name(),
        v.getStatus().name(),
        rto == null ? null : rto.getTargetMinutes(),
        rto == null ? null : rto.getMeasuredSeconds(),
        rto == null ? null : rto.getMet(),
        worstRpo(v),
        cleanup(v.getCleanup()),
        preflight(v.getPreflight()));
  }

  /**
   * Over every server with a recovery point, whether launched from a chosen snapshot or from the
   * latest data: the oldest is what the recovery could have lost.
   */
  private static Long worstRpo(ExecutionUpdated v) {
    Long worst = null;
    for (WaveView w : v.getWaves()) {
      for (ServerLaunch s : w.getServers()) {
        if (s.getRpoSeconds() != null) {
          worst = worst == null ? s.getRpoSeconds() : Math.max(worst, s.getRpoSeconds());
        }
      }
    }
    return worst;
  }

  private static Cleanup cleanup(CleanupView c) {
    return c == null
        ? null
        : new Cleanup(
            c.getStatus(), c.getInstanceIds().size(), c.getTerminatedInstanceIds().size());
  }

  private static Preflight preflight(PreflightVerdict p) {
    return p == null || p.getProblems().isEmpty()
        ? null
        : new Preflight(p.getMode().name(), p.getProblems().size(), p.getServersChecked());
  }

  public long drills() {
    return executions.stream().filter(e -> !e.recovery()).count();
  }

  public long recoveries() {
    return executions.stream().filter(Execution::recovery).count();
  }

  /** Executions with an RTO target and a verdict on it (a running one has none yet). */
  public long rtoJudged() {
    return executions.stream()
        .filter(e -> e.rtoTargetMinutes() != null && e.rtoMet() != null)
        .count();
  }

  public long rtoMet() {
    return executions.stream()
        .filter(e -> e.rtoTargetMinutes() != null && Boolean.TRUE.equals(e.rtoMet()))
        .count();
  }
}
