package io.drsorch.drctl.audit;

import static io.drsorch.drctl.audit.ReportText.human;

import io.drsorch.drctl.audit.PlanEvidence.Execution;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The words and cells of a plan's evidence, shared by the table on the terminal and the HTML page
 * so that both say the same, and the table itself.
 */
final class PlanEvidenceText {

  static final List<String> HEADERS =
      List.of(
          "STARTED (UTC)",
          "EXECUTION",
          "MODE",
          "STATUS",
          "RTO (measured / target)",
          "WORST RPO",
          "CLEANUP",
          "PRE-FLIGHT");

  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  private PlanEvidenceText() {}

  static List<String> cells(Execution e) {
    return List.of(
        DATE.format(e.startedAt()),
        e.executionId(),
        e.mode(),
        e.status(),
        rto(e),
        e.worstRpoSeconds() == null ? "-" : human(Duration.ofSeconds(e.worstRpoSeconds())),
        cleanup(e),
        preflight(e));
  }

  /** E.g. "9 min 00 s / 30 min: met", "12 min 10 s / 10 min: NOT met", "40 s (no target)". */
  static String rto(Execution e) {
    String measured =
        e.rtoMeasuredSeconds() == null ? null : human(Duration.ofSeconds(e.rtoMeasuredSeconds()));
    if (e.rtoTargetMinutes() == null) {
      return measured == null ? "-" : measured + " (no target)";
    }
    String verdict = e.rtoMet() == null ? "" : e.rtoMet() ? ": met" : ": NOT met";
    String shown = measured != null ? measured : e.rtoMet() == null ? "-" : "nothing recovered";
    return shown + " / " + e.rtoTargetMinutes() + " min" + verdict;
  }

  /** "n/a" for a RECOVERY (its instances are the recovered systems), "-" when none was asked. */
  static String cleanup(Execution e) {
    if (e.recovery()) {
      return "n/a";
    }
    PlanEvidence.Cleanup c = e.cleanup();
    if (c == null) {
      return "-";
    }
    return "FAILED".equals(c.status())
        ? c.status() + " (" + c.terminated() + " of " + c.instances() + " terminated)"
        : c.status();
  }

  /**
   * E.g. "WARN: 2 problems": servers found not ready that the execution ran (or was refused) with.
   */
  static String preflight(Execution e) {
    PlanEvidence.Preflight p = e.preflight();
    if (p == null) {
      return "-";
    }
    return p.mode()
        + ": "
        + p.serversNotReady()
        + (p.serversNotReady() == 1 ? " problem" : " problems");
  }

  /** E.g. "3 drills, 1 recovery; RTO met 2 of 3 with a target". */
  static String summary(PlanEvidence r) {
    String counts =
        plural(r.drills(), "drill", "drills")
            + ", "
            + plural(r.recoveries(), "recovery", "recoveries");
    long judged = r.rtoJudged();
    return counts
        + "; "
        + (judged == 0
            ? "RTO: no execution with a target and a verdict"
            : "RTO met " + r.rtoMet() + " of " + judged + " with a target");
  }

  static String title(PlanEvidence r) {
    return "Executions of plan "
        + r.planId()
        + (r.planName() == null ? "" : " (" + r.planName() + ")")
        + " started since "
        + r.from()
        + " (the last "
        + Since.shown(r.since())
        + "), oldest first";
  }

  static String none(PlanEvidence r) {
    return "no executions of plan "
        + r.planId()
        + " started since "
        + r.from()
        + " (the last "
        + Since.shown(r.since())
        + ")";
  }

  static String unreadable(PlanEvidence r) {
    return r.unreadableViews()
        + " view(s) on drs.executions could not be read and are not in this report (see"
        + " drs.dead-letters)";
  }

  /** The title, the table with its columns aligned, the summary. */
  static List<String> lines(PlanEvidence r) {
    List<String> lines = new ArrayList<>();
    if (r.executions().isEmpty()) {
      lines.add(none(r));
    } else {
      lines.add(title(r));
      List<List<String>> rows = new ArrayList<>();
      rows.add(HEADERS);
      r.executions().forEach(e -> rows.add(cells(e)));
      int[] widths = new int[HEADERS.size()];
      for (List<String> row : rows) {
        for (int i = 0; i < row.size(); i++) {
          widths[i] = Math.max(widths[i], row.get(i).length());
        }
      }
      for (List<String> row : rows) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < row.size(); i++) {
          line.append(i == row.size() - 1 ? row.get(i) : pad(row.get(i), widths[i] + 2));
        }
        lines.add(line.toString().stripTrailing());
      }
      lines.add(summary(r));
    }
    if (r.unreadableViews() > 0) {
      lines.add(unreadable(r));
    }
    return lines;
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }

  private static String plural(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }
}
