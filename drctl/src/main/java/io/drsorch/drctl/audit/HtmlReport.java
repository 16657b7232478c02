package io.drsorch.drctl.audit;

import static io.drsorch.drctl.audit.ReportText.human;

import io.drsorch.drctl.audit.Report.JobSpan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A self-contained HTML audit report of one execution: inline CSS, inline SVG and a few lines of
 * inline script, nothing fetched at view time, so it can be mailed or archived as one file. It
 * shows a Gantt chart of waves, their DRS jobs and their before and after actions on one time axis
 * (waves in dependency order, the critical path highlighted, waits for approval drawn apart from
 * run time), per-wave and total durations, each wave's actions as steps, failed servers (optional
 * ones flagged), the operator's commands and what they changed, and the plan's DAG.
 */
public final class HtmlReport {

  private static final int LABEL = 170;
  private static final int CHART = 780;
  private static final int WAVE_ROW = 26;
  private static final int JOB_ROW = 9;
  private static final int ACTION_ROW = 9;
  private static final long[] STEPS_SECONDS = {
    1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800, 86400
  };

  private HtmlReport() {}

  public static String render(Report report) {
    Set<String> critical = new HashSet<>(report.criticalPath());
    StringBuilder h = new StringBuilder(16_384);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>Execution ")
        .append(esc(report.executionId()))
        .append(" of plan ")
        .append(esc(report.planId()))
        .append("</title>\n<style>\n")
        .append(CSS)
        .append("</style>\n</head>\n<body>\n");
    header(h, report);
    gantt(h, report, critical);
    table(h, report, critical);
    steps(h, report);
    failures(h, report);
    actions(h, report);
    dag(h, report, critical);
    h.append("<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
    return h.toString();
  }

  private static void header(StringBuilder h, Report r) {
    h.append("<header>\n<h1>")
        .append(esc(r.mode()))
        .append(" of plan ")
        .append(esc(r.planId()))
        .append(" <span class=\"status status-")
        .append(esc(r.status()))
        .append("\" id=\"execution-status\">")
        .append(esc(r.status()))
        .append("</span></h1>\n<dl>\n");
    item(h, "Execution", r.executionId());
    item(h, "Plan", r.planName() + " (" + r.planId() + ", version " + r.planVersion() + ")");
    item(h, "Requested by", r.requestedBy());
    if (r.retryOf() != null) {
      item(h, "Retry of", "execution " + r.retryOf());
    }
    if (r.pausedBy() != null) {
      item(
          h,
          "Paused",
          "by " + r.pausedBy() + (r.pausedAt() == null ? "" : " since " + r.pausedAt()));
    }
    item(h, "Started", String.valueOf(r.startedAt()));
    item(h, "Ended", r.endedAt() == null ? "still running" : r.endedAt().toString());
    item(h, "Total duration", r.duration() == null ? "-" : human(r.duration()));
    if (r.reason() != null) {
      item(h, "Reason", r.reason());
    }
    evidence(h, r.evidence());
    item(
        h,
        "Critical path",
        r.criticalPath().isEmpty() ? "-" : String.join(" \u2192 ", r.criticalPath()));
    CriticalPath.Time time = r.criticalPathTime();
    if (time != null) {
      item(h, "Time on the critical path", ReportText.time(time));
    }
    h.append("</dl>\n");
    if (r.hasApprovals()) {
      h.append("<p class=\"note\" id=\"approval-time\">")
          .append(esc(ReportText.APPROVAL_IS_NOT_RUN_TIME))
          .append("</p>\n");
    }
    h.append("</header>\n");
  }

  private static void gantt(StringBuilder h, Report r, Set<String> critical) {
    Instant t0 = r.startedAt();
    Instant t1 = end(r);
    double span = Math.max(1, Duration.between(t0, t1).toMillis());
    Map<String, List<JobSpan>> jobsByWave = new HashMap<>();
    r.jobs().forEach(j -> jobsByWave.computeIfAbsent(j.waveId(), k -> new ArrayList<>()).add(j));
    int height = 30;
    for (WaveSpan w : r.waves()) {
      height +=
          WAVE_ROW
              + JOB_ROW * jobsByWave.getOrDefault(w.waveId(), List.of()).size()
              + ACTION_ROW * started(w).size()
              + 6;
    }
    h.append("<section>\n<h2>Timeline</h2>\n")
        .append("<p class=\"legend\"><span class=\"swatch critical\"></span> critical path")
        .append(" <span class=\"swatch job\"></span> DRS job")
        .append(" <span class=\"swatch action\"></span> wave action")
        .append(" <span class=\"swatch wait\"></span> waiting for approval (not run time)</p>\n")
        .append("<svg id=\"gantt\" class=\"gantt\" width=\"")
        .append(LABEL + CHART + 20)
        .append("\" height=\"")
        .append(height)
        .append("\" role=\"img\" aria-label=\"waves and DRS jobs over time\">\n");
    axis(h, t0, span, height);
    int y = 30;
    int order = 0;
    for (WaveSpan w : r.waves()) {
      boolean onPath = critical.contains(w.waveId());
      h.append("<g class=\"wave-row\" data-wave=\"")
          .append(esc(w.waveId()))
          .append("\" data-order=\"")
          .append(order++)
          .append("\">\n<text class=\"label\" x=\"4\" y=\"")
          .append(y + 17)
          .append("\">")
          .append(esc(w.waveId()))
          .append("</text>\n");
      approvalBar(h, w, t0, t1, span, y);
      if (w.startedAt() != null) {
        double x = LABEL + CHART * Duration.between(t0, w.startedAt()).toMillis() / span;
        Instant wEnd = w.endedAt() == null ? t1 : w.endedAt();
        double width = Math.max(2, CHART * Duration.between(w.startedAt(), wEnd).toMillis() / span);
        h.append("<rect class=\"bar wave status-")
            .append(esc(w.status()))
            .append(onPath ? " critical" : "")
            .append("\" data-wave=\"")
            .append(esc(w.waveId()))
            .append("\" x=\"")
            .append(fmt(x))
            .append("\" y=\"")
            .append(y + 3)
            .append("\" width=\"")
            .append(fmt(width))
            .append("\" height=\"18\" rx=\"3\"><title>")
            .append(
                esc(
                    w.waveId()
                        + " "
                        + w.status()
                        + ", "
                        + (w.duration() == null ? "running" : runTime(w))))
            .append("</title></rect>\n");
        h.append("<text class=\"bar-label\" x=\"")
            .append(fmt(x + 4))
            .append("\" y=\"")
            .append(y + 16)
            .append("\">")
            .append(esc(w.status() + (w.duration() == null ? "" : " " + human(w.duration()))))
            .append("</text>\n");
      } else {
        h.append("<text class=\"not-run\" x=\"")
            .append(LABEL + 4)
            .append("\" y=\"")
            .append(y + 16)
            .append("\">")
            .append(esc(w.status() + (w.reason() == null ? "" : ": " + w.reason())))
            .append("</text>\n");
      }
      int jy = y + WAVE_ROW;
      for (JobSpan j : jobsByWave.getOrDefault(w.waveId(), List.of())) {
        double x = LABEL + CHART * Duration.between(t0, j.startedAt()).toMillis() / span;
        Instant jEnd = j.endedAt() == null ? t1 : j.endedAt();
        double width = Math.max(2, CHART * Duration.between(j.startedAt(), jEnd).toMillis() / span);
        h.append("<rect class=\"bar job\" x=\"")
            .append(fmt(x))
            .append("\" y=\"")
            .append(jy)
            .append("\" width=\"")
            .append(fmt(width))
            .append("\" height=\"6\"><title>")
            .append(
                esc(
                    j.jobId()
                        + " (attempt "
                        + j.attempt()
                        + ")"
                        + (j.endedAt() == null
                            ? ", running"
                            : ", " + human(Duration.between(j.startedAt(), j.endedAt())))))
            .append("</title></rect>\n");
        jy += JOB_ROW;
      }
      for (ActionStep a : started(w)) {
        actionBar(h, w, a, t0, t1, span, jy);
        jy += ACTION_ROW;
      }
      h.append("</g>\n");
      y = jy + 6;
    }
    h.append("</svg>\n</section>\n");
  }

  /** E.g. "30 s DRS run time", or "1 min 10 s run time, 40 s of it wave actions". */
  private static String runTime(WaveSpan w) {
    return w.actionTime().isZero()
        ? human(w.duration()) + " DRS run time"
        : human(w.duration()) + " run time, " + human(w.actionTime()) + " of it wave actions";
  }

  /** The wave's actions that started: those the chart has a bar for. */
  private static List<ActionStep> started(WaveSpan w) {
    return w.actions().stream().filter(a -> a.startedAt() != null).toList();
  }

  /** One action of the wave, on its own thin row under the wave's jobs. */
  private static void actionBar(
      StringBuilder h, WaveSpan w, ActionStep a, Instant t0, Instant t1, double span, int y) {
    double x = LABEL + CHART * Duration.between(t0, a.startedAt()).toMillis() / span;
    Instant end = a.endedAt() == null ? t1 : a.endedAt();
    double width = Math.max(2, CHART * Duration.between(a.startedAt(), end).toMillis() / span);
    String outcome = ReportText.stepOutcome(a);
    h.append("<rect class=\"bar action status-")
        .append(esc(a.status()))
        .append("\" data-wave=\"")
        .append(esc(w.waveId()))
        .append("\" data-step=\"")
        .append(esc(a.phase() + "-" + a.index()))
        .append("\" x=\"")
        .append(fmt(x))
        .append("\" y=\"")
        .append(y)
        .append("\" width=\"")
        .append(fmt(width))
        .append("\" height=\"6\"><title>")
        .append(
            esc(
                w.waveId()
                    + ": "
                    + a.label()
                    + " ("
                    + a.type()
                    + ") "
                    + a.status()
                    + (a.duration() == null ? ", running" : ", " + human(a.duration()))
                    + (outcome.isEmpty() ? "" : ": " + outcome)))
        .append("</title></rect>\n");
  }

  /** The wave's wait at its approval gate, drawn apart: it is not its DRS run time. */
  private static void approvalBar(
      StringBuilder h, WaveSpan w, Instant t0, Instant t1, double span, int y) {
    if (w.approval() == null || w.approval().waitingSince() == null) {
      return;
    }
    Instant from = w.approval().waitingSince();
    Duration waited = w.approvalWait();
    Instant to = waited == null ? t1 : from.plus(waited);
    double x = LABEL + CHART * Duration.between(t0, from).toMillis() / span;
    double width = Math.max(2, CHART * Duration.between(from, to).toMillis() / span);
    h.append("<rect class=\"bar wait\" data-wave=\"")
        .append(esc(w.waveId()))
        .append("\" x=\"")
        .append(fmt(x))
        .append("\" y=\"")
        .append(y + 3)
        .append("\" width=\"")
        .append(fmt(width))
        .append("\" height=\"18\"><title>")
        .append(esc(w.waveId() + ": " + ReportText.approval(w) + " (not DRS run time)"))
        .append("</title></rect>\n");
  }

  private static void axis(StringBuilder h, Instant t0, double spanMillis, int height) {
    long step = STEPS_SECONDS[STEPS_SECONDS.length - 1];
    for (long s : STEPS_SECONDS) {
      if (spanMillis / 1000.0 / s <= 10) {
        step = s;
        break;
      }
    }
    for (long t = 0; t * 1000 <= spanMillis; t += step) {
      double x = LABEL + CHART * (t * 1000) / spanMillis;
      h.append("<line class=\"tick\" x1=\"")
          .append(fmt(x))
          .append("\" y1=\"18\" x2=\"")
          .append(fmt(x))
          .append("\" y2=\"")
          .append(height)
          .append("\"/>\n<text class=\"tick-label\" x=\"")
          .append(fmt(x))
          .append("\" y=\"12\">+")
          .append(esc(human(Duration.ofSeconds(t))))
          .append("</text>\n");
    }
  }

  private static void table(StringBuilder h, Report r, Set<String> critical) {
    h.append("<section>\n<h2>Waves</h2>\n<table id=\"waves\">\n<thead><tr>")
        .append("<th>Wave</th><th>Depends on</th><th>Status</th><th>Started</th><th>Ended</th>")
        .append("<th>Run time</th><th>Servers launched</th><th>DRS jobs</th><th>Reason</th>")
        .append("<th>Notes</th>")
        .append("</tr></thead>\n<tbody>\n");
    for (WaveSpan w : r.waves()) {
      h.append("<tr data-wave=\"")
          .append(esc(w.waveId()))
          .append("\"")
          .append(critical.contains(w.waveId()) ? " class=\"critical\"" : "")
          .append("><td>")
          .append(esc(w.waveId()))
          .append(w.name().equals(w.waveId()) ? "" : " <small>" + esc(w.name()) + "</small>")
          .append("</td><td>")
          .append(esc(w.dependsOn().isEmpty() ? "-" : String.join(", ", w.dependsOn())))
          .append("</td><td><span class=\"status status-")
          .append(esc(w.status()))
          .append("\">")
          .append(esc(w.status()))
          .append("</span></td><td>")
          .append(esc(w.startedAt() == null ? "-" : w.startedAt().toString()))
          .append("</td><td>")
          .append(esc(w.endedAt() == null ? "-" : w.endedAt().toString()))
          .append("</td><td class=\"num\">")
          .append(esc(w.duration() == null ? "-" : human(w.duration())))
          .append("</td><td class=\"num\">")
          .append(w.launched())
          .append(" / ")
          .append(w.servers())
          .append("</td><td>")
          .append(esc(w.jobIds().isEmpty() ? "-" : String.join(", ", w.jobIds())))
          .append("</td><td>")
          .append(esc(w.reason() == null ? "" : w.reason()))
          .append("</td><td class=\"notes\">");
      List<String> notes = new ArrayList<>(ReportText.notes(w));
      String optional = ReportText.optionalNotLaunched(w);
      if (optional != null) {
        notes.add(optional);
      }
      for (String note : notes) {
        h.append("<div>").append(esc(note)).append("</div>");
      }
      h.append("</td></tr>\n");
    }
    h.append("</tbody>\n<tfoot><tr><td colspan=\"5\">Total</td><td class=\"num\">")
        .append(esc(r.duration() == null ? "-" : human(r.duration())))
        .append("</td><td colspan=\"4\"></td></tr></tfoot>\n</table>\n</section>\n");
  }

  /**
   * Every wave's before and after actions, in the order each wave runs them: the runbook steps of
   * the recovery, with the SSM automation each started (to look up in SSM) and why one failed.
   */
  private static void steps(StringBuilder h, Report r) {
    if (r.waves().stream().allMatch(w -> w.actions().isEmpty())) {
      return;
    }
    h.append("<section>\n<h2>Wave actions</h2>\n<table id=\"wave-actions\">\n<thead><tr>")
        .append("<th>Wave</th><th>Phase</th><th>Action</th><th>Type</th><th>On failure</th>")
        .append("<th>Status</th><th>Started</th><th>Ended</th><th>Took</th>")
        .append("<th>Automation / HTTP</th><th>Reason</th></tr></thead>\n<tbody>\n");
    for (WaveSpan w : r.waves()) {
      for (ActionStep a : w.actions()) {
        h.append("<tr data-wave=\"")
            .append(esc(w.waveId()))
            .append("\" data-step=\"")
            .append(esc(a.phase() + "-" + a.index()))
            .append("\"><td>")
            .append(esc(w.waveId()))
            .append("</td><td>")
            .append(esc(a.phase().toLowerCase(java.util.Locale.ROOT)))
            .append("</td><td>")
            .append(esc(a.name()))
            .append("</td><td>")
            .append(esc(a.type()))
            .append("</td><td>")
            .append(esc(a.onFailure()))
            .append("</td><td><span class=\"status status-")
            .append(esc(a.status()))
            .append("\">")
            .append(esc(a.status()))
            .append("</span></td><td>")
            .append(esc(a.startedAt() == null ? "-" : a.startedAt().toString()))
            .append("</td><td>")
            .append(esc(a.endedAt() == null ? "-" : a.endedAt().toString()))
            .append("</td><td class=\"num\">")
            .append(esc(a.duration() == null ? "-" : human(a.duration())))
            .append("</td><td>")
            .append(esc(ReportText.stepTarget(a)))
            .append("</td><td>")
            .append(esc(ReportText.stepOutcome(a)))
            .append("</td></tr>\n");
      }
    }
    h.append("</tbody>\n</table>\n</section>\n");
  }

  private static void failures(StringBuilder h, Report r) {
    h.append("<section>\n<h2>Failed servers</h2>\n");
    List<String> rows = new ArrayList<>();
    for (WaveSpan w : r.waves()) {
      for (WaveSpan.FailedServer server : w.failedServers()) {
        rows.add(
            "<li data-wave=\""
                + esc(w.waveId())
                + "\""
                + (server.optional() ? " class=\"optional\"" : "")
                + ">"
                + esc(ReportText.failedServer(server))
                + " (wave "
                + esc(w.waveId())
                + ")</li>");
      }
    }
    if (rows.isEmpty()) {
      h.append("<p id=\"no-failures\">None: every launched server reached LAUNCHED.</p>\n");
    } else {
      h.append("<ul id=\"failed-servers\">\n").append(String.join("\n", rows)).append("\n</ul>\n");
    }
    h.append("</section>\n");
  }

  /** Approvals, rejections, pauses, resumes and cancels: who, when, in their words, and effect. */
  private static void actions(StringBuilder h, Report r) {
    h.append("<section>\n<h2>Operator actions</h2>\n");
    if (r.actions().isEmpty()) {
      h.append("<p id=\"no-actions\">None: nobody approved, rejected, paused, resumed or")
          .append(" cancelled anything.</p>\n</section>\n");
      return;
    }
    h.append("<table id=\"actions\">\n<thead><tr><th>Time</th><th>Action</th><th>Wave</th>")
        .append("<th>By</th><th>Said</th><th>Effect</th><th>Command</th></tr></thead>\n<tbody>\n");
    for (OperatorAction a : r.actions()) {
      h.append("<tr data-action=\"").append(esc(a.type())).append("\"");
      if (a.waveId() != null) {
        h.append(" data-wave=\"").append(esc(a.waveId())).append("\"");
      }
      h.append("><td>")
          .append(esc(String.valueOf(a.at())))
          .append("</td><td>")
          .append(esc(a.action()))
          .append("</td><td>")
          .append(esc(a.waveId() == null ? "-" : a.waveId()))
          .append("</td><td>")
          .append(esc(a.requestedBy()))
          .append("</td><td>")
          .append(esc(a.said() == null ? "" : a.said()))
          .append("</td><td>")
          .append(esc(ReportText.effects(a)))
          .append("</td><td><small>")
          .append(esc(a.commandId() + " [" + a.where() + "]"))
          .append("</small></td></tr>\n");
    }
    h.append("</tbody>\n</table>\n</section>\n");
  }

  private static void dag(StringBuilder h, Report r, Set<String> critical) {
    Map<String, Integer> depth = CriticalPath.depths(r.waves());
    Map<Integer, Integer> perColumn = new HashMap<>();
    Map<String, int[]> at = new HashMap<>();
    int columns = 0;
    int rows = 0;
    for (WaveSpan w : r.waves()) {
      int col = depth.getOrDefault(w.waveId(), 0);
      int row = perColumn.merge(col, 1, Integer::sum) - 1;
      at.put(w.waveId(), new int[] {20 + col * 170, 20 + row * 60});
      columns = Math.max(columns, col + 1);
      rows = Math.max(rows, row + 1);
    }
    h.append("<section>\n<h2>Plan</h2>\n<svg id=\"dag\" width=\"")
        .append(40 + columns * 170)
        .append("\" height=\"")
        .append(40 + rows * 60)
        .append("\" role=\"img\" aria-label=\"the plan's waves and dependencies\">\n")
        .append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\"")
        .append(" markerWidth=\"9\" markerHeight=\"9\" markerUnits=\"userSpaceOnUse\"")
        .append(
            " orient=\"auto-start-reverse\"><path class=\"arrow\" d=\"M 0 0 L 10 5 L 0 10 z\"/>")
        .append("</marker></defs>\n");
    for (WaveSpan w : r.waves()) {
      int[] to = at.get(w.waveId());
      for (String dep : w.dependsOn()) {
        int[] from = at.get(dep);
        if (from == null) {
          continue;
        }
        boolean onPath = critical.contains(dep) && critical.contains(w.waveId());
        h.append("<path class=\"edge")
            .append(onPath ? " critical" : "")
            .append("\" data-from=\"")
            .append(esc(dep))
            .append("\" data-to=\"")
            .append(esc(w.waveId()))
            .append("\" d=\"M ")
            .append(from[0] + 120)
            .append(' ')
            .append(from[1] + 17)
            .append(" C ")
            .append(from[0] + 145)
            .append(' ')
            .append(from[1] + 17)
            .append(", ")
            .append(to[0] - 25)
            .append(' ')
            .append(to[1] + 17)
            .append(", ")
            .append(to[0])
            .append(' ')
            .append(to[1] + 17)
            .append("\" marker-end=\"url(#arrow)\"/>\n");
      }
    }
    for (WaveSpan w : r.waves()) {
      int[] p = at.get(w.waveId());
      h.append("<g class=\"node status-")
          .append(esc(w.status()))
          .append(critical.contains(w.waveId()) ? " critical" : "")
          .append("\" data-wave=\"")
          .append(esc(w.waveId()))
          .append("\"><rect x=\"")
          .append(p[0])
          .append("\" y=\"")
          .append(p[1])
          .append("\" width=\"120\" height=\"34\" rx=\"6\"/><text x=\"")
          .append(p[0] + 60)
          .append("\" y=\"")
          .append(p[1] + 15)
          .append("\">")
          .append(esc(w.waveId()))
          .append("</text><text class=\"sub\" x=\"")
          .append(p[0] + 60)
          .append("\" y=\"")
          .append(p[1] + 28)
          .append("\">")
          .append(esc(w.status()))
          .append("</text></g>\n");
    }
    h.append("</svg>\n</section>\n");
  }

  private static Instant end(Report r) {
    Instant end = r.endedAt() == null ? r.startedAt() : r.endedAt();
    for (WaveSpan w : r.waves()) {
      if (w.endedAt() != null && w.endedAt().isAfter(end)) {
        end = w.endedAt();
      }
    }
    for (JobSpan j : r.jobs()) {
      Instant e = j.endedAt() == null ? j.startedAt() : j.endedAt();
      if (e.isAfter(end)) {
        end = e;
      }
    }
    for (WaveSpan w : r.waves()) {
      for (ActionStep a : started(w)) {
        Instant e = a.endedAt() == null ? a.startedAt() : a.endedAt();
        if (e.isAfter(end)) {
          end = e;
        }
      }
    }
    return end;
  }

  /** Point in time, pre-flight, RTO and the recovery points: what an auditor asks for. */
  private static void evidence(StringBuilder h, RecoveryEvidence e) {
    if (e.pointInTime() != null) {
      item(h, "Point in time", e.pointInTime().toString());
    }
    if (e.preflight() != null) {
      item(h, "Pre-flight", e.preflight());
    }
    if (e.rtoText() != null) {
      item(h, "Recovery time (RTO)", e.rtoText());
    }
    if (e.worstRpoSeconds() != null) {
      StringBuilder points = new StringBuilder();
      points.append("worst ").append(human(java.time.Duration.ofSeconds(e.worstRpoSeconds())));
      for (RecoveryEvidence.RecoveryPoint p : e.points()) {
        points
            .append("; ")
            .append(p.sourceServerId())
            .append(" (")
            .append(p.waveId())
            .append(") ")
            .append(p.snapshotId())
            .append(" of ")
            .append(p.takenAt())
            .append(", ")
            .append(human(java.time.Duration.ofSeconds(p.rpoSeconds())));
      }
      item(h, "Recovery points (RPO)", points.toString());
    }
  }

  static void item(StringBuilder h, String term, String value) {
    h.append("<dt>").append(esc(term)).append("</dt><dd>").append(esc(value)).append("</dd>\n");
  }

  private static String fmt(double v) {
    return String.format(java.util.Locale.ROOT, "%.1f", v);
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  static final String CSS =
      """
      body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1d2330; }
      h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; }
      dl { display: grid; grid-template-columns: max-content auto; gap: 2px 16px; }
      dt { color: #5b6472; } dd { margin: 0; }
      table { border-collapse: collapse; } th, td { padding: 4px 8px; border-bottom: 1px solid #e3e6ea; text-align: left; }
      td.num { text-align: right; white-space: nowrap; }
      tr.critical td:first-child { border-left: 4px solid #e8590c; }
      .status { padding: 1px 6px; border-radius: 3px; font-size: 12px; background: #e9ecef; }
      .status-COMPLETED { background: #d3f9d8; } .status-FAILED, .status-TIMED_OUT { background: #ffe3e3; }
      .status-SKIPPED, .status-CANCELLED { background: #f1f3f5; color: #868e96; }
      .status-RUNNING, .status-LAUNCHING { background: #d0ebff; } .status-SUCCEEDED { background: #d3f9d8; }
      svg text { font-size: 12px; } .tick { stroke: #e9ecef; } .tick-label { fill: #868e96; font-size: 11px; }
      .label { font-weight: 600; } .bar-label { fill: #1d2330; font-size: 11px; pointer-events: none; }
      .not-run { fill: #868e96; font-style: italic; }
      rect.bar.wave { fill: #74c0fc; } rect.bar.wave.status-COMPLETED { fill: #8ce99a; }
      rect.bar.wave.status-FAILED, rect.bar.wave.status-TIMED_OUT { fill: #ffa8a8; }
      rect.bar.wave.critical { stroke: #e8590c; stroke-width: 3; }
      rect.bar.job { fill: #495057; }
      rect.bar.action { fill: #9775fa; } rect.bar.action.status-FAILED, rect.bar.action.status-TIMED_OUT { fill: #fa5252; }
      rect.bar.action.status-CANCELLED { fill: #adb5bd; }
      rect.bar.wait { fill: #fff3bf; stroke: #f08c00; stroke-dasharray: 4 2; }
      .note { color: #5b6472; max-width: 60em; } td.notes div { font-size: 12px; color: #5b6472; }
      li.optional { color: #868e96; }
      .legend .swatch { display: inline-block; width: 14px; height: 10px; vertical-align: middle; margin-left: 12px; }
      .swatch.critical { border: 3px solid #e8590c; width: 10px; height: 6px; } .swatch.job { background: #495057; }
      .swatch.wait { background: #fff3bf; border: 1px dashed #f08c00; } .swatch.action { background: #9775fa; }
      .node rect { fill: #f8f9fa; stroke: #adb5bd; stroke-width: 1.5; }
      .node.status-COMPLETED rect { fill: #ebfbee; } .node.status-FAILED rect, .node.status-TIMED_OUT rect { fill: #fff5f5; }
      .node.critical rect { stroke: #e8590c; stroke-width: 3; }
      .node text { text-anchor: middle; font-weight: 600; } .node text.sub { font-weight: 400; font-size: 10px; fill: #5b6472; }
      .edge { fill: none; stroke: #adb5bd; stroke-width: 1.5; } .arrow { fill: #868e96; } .edge.critical { stroke: #e8590c; stroke-width: 3; }
      .hl rect, rect.hl, tr.hl td { filter: brightness(0.9); outline: 2px solid #1c7ed6; }
      """;

  /** Hovering a wave anywhere (chart, table, plan) marks it everywhere. */
  private static final String SCRIPT =
      """
      (function () {
        var marked = document.querySelectorAll('[data-wave]');
        function mark(wave, on) {
          marked.forEach(function (el) {
            if (el.getAttribute('data-wave') === wave) { el.classList.toggle('hl', on); }
          });
        }
        marked.forEach(function (el) {
          el.addEventListener('mouseenter', function () { mark(el.getAttribute('data-wave'), true); });
          el.addEventListener('mouseleave', function () { mark(el.getAttribute('data-wave'), false); });
        });
      })();
      """;
}
