package io.drsorch.drctl.audit;

import static io.drsorch.drctl.audit.ReportText.human;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The audit report as text, printed after the timeline: the outcome, each wave with its run time,
 * its before and after actions as steps, and notes (approval and how long it waited for it, carried
 * over, optional servers), servers that did not launch, the critical path with its time split, and
 * the operator's commands with what they changed. The same facts and words as {@link HtmlReport},
 * for a terminal or a ticket.
 */
public final class TextReport {

  private static final String NOTE = "               ";

  private TextReport() {}

  public static List<String> lines(Report r) {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            "%s of plan %s v%d (%s), execution %s, requested by %s",
            r.mode(), r.planId(), r.planVersion(), r.planName(), r.executionId(), r.requestedBy()));
    lines.add(
        r.status()
            + (r.duration() == null ? ", still going" : " in " + human(r.duration()))
            + (r.reason() == null ? "" : ": " + r.reason()));
    if (r.retryOf() != null) {
      lines.add("retry of execution " + r.retryOf());
    }
    if (r.pausedBy() != null) {
      lines.add(
          "paused by " + r.pausedBy() + (r.pausedAt() == null ? "" : " since " + r.pausedAt()));
    }
    evidence(lines, r.evidence());
    waves(lines, r);
    criticalPath(lines, r);
    actions(lines, r);
    return lines;
  }

  private static void evidence(List<String> lines, RecoveryEvidence e) {
    if (e.pointInTime() != null) {
      lines.add("point in time " + e.pointInTime());
    }
    if (e.preflight() != null) {
      lines.add("pre-flight " + e.preflight());
    }
    if (e.rtoText() != null) {
      lines.add("recovery time " + e.rtoText());
    }
    if (e.worstRpoSeconds() != null) {
      lines.add(
          "worst recovery point "
              + human(java.time.Duration.ofSeconds(e.worstRpoSeconds()))
              + " old ("
              + e.points().size()
              + " servers launched from snapshots)");
    }
  }

  private static void waves(List<String> lines, Report r) {
    lines.add("");
    lines.add(String.format("%-12s %-16s %12s  %s", "WAVE", "STATUS", "RUN TIME", "LAUNCHED"));
    for (WaveSpan w : r.waves()) {
      lines.add(
          String.format(
              "%-12s %-16s %12s  %d/%d",
              w.waveId(),
              w.status(),
              w.duration() == null ? "-" : human(w.duration()),
              w.launched(),
              w.servers()));
      if (w.reason() != null) {
        lines.add(NOTE + w.reason());
      }
      for (WaveSpan.FailedServer s : w.failedServers()) {
        lines.add(NOTE + "server " + ReportText.failedServer(s));
      }
      steps(w).forEach(step -> lines.add(NOTE + step));
      ReportText.notes(w).forEach(note -> lines.add(NOTE + note));
    }
  }

  /** The wave's actions in the order they run, their names, types and statuses in columns. */
  private static List<String> steps(WaveSpan w) {
    int nameWidth = 1;
    for (ActionStep a : w.actions()) {
      nameWidth = Math.max(nameWidth, a.name().length());
    }
    List<String> steps = new ArrayList<>();
    for (ActionStep a : w.actions()) {
      List<String> details = new ArrayList<>();
      for (String detail :
          List.of(ReportText.stepTimes(a), ReportText.stepTarget(a), ReportText.stepOutcome(a))) {
        if (!detail.isEmpty()) {
          details.add(detail);
        }
      }
      steps.add(
          String.format(
                  "%-6s  %-" + nameWidth + "s  %-14s  %-9s  %s",
                  a.phase().toLowerCase(Locale.ROOT),
                  a.name(),
                  a.type(),
                  a.status(),
                  String.join("  ", details))
              .stripTrailing());
    }
    return steps;
  }

  private static void criticalPath(List<String> lines, Report r) {
    lines.add("");
    lines.add(
        "critical path: "
            + (r.criticalPath().isEmpty() ? "-" : String.join(" -> ", r.criticalPath())));
    CriticalPath.Time time = r.criticalPathTime();
    if (time != null) {
      lines.add("  " + ReportText.time(time));
    }
    if (r.hasApprovals()) {
      lines.add("  " + ReportText.APPROVAL_IS_NOT_RUN_TIME);
    }
  }

  private static void actions(List<String> lines, Report r) {
    lines.add("");
    if (r.actions().isEmpty()) {
      lines.add("operator actions: none");
      return;
    }
    lines.add("operator actions:");
    for (OperatorAction a : r.actions()) {
      lines.add("  " + a.at() + "  " + a.text());
      lines.add("      changed: " + ReportText.effects(a));
    }
  }
}
