package io.drsorch.drctl.audit;

import static io.drsorch.drctl.audit.HtmlReport.esc;
import static io.drsorch.drctl.audit.HtmlReport.item;

import io.drsorch.drctl.audit.PlanEvidence.Execution;
import java.util.List;

/**
 * A plan's evidence as one self-contained HTML page, in the audit report's style (its stylesheet
 * and escaping, {@link HtmlReport}): nothing fetched at view time and no script, so it can be
 * mailed or archived as one file. Every text from the topics is escaped, and every element closed
 * (the page is well-formed XML as well as HTML), so that archiving tools may parse it strictly.
 */
public final class PlanEvidenceHtml {

  /** What the audit report's stylesheet lacks: the verdict cells. */
  private static final String CSS =
      """
      td.met { background: #d3f9d8; } td.not-met { background: #ffe3e3; font-weight: 600; }
      td.problems { background: #fff3bf; }
      """;

  private PlanEvidenceHtml() {}

  public static String render(PlanEvidence r) {
    StringBuilder h = new StringBuilder(8_192);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
        .append("<title>Recovery evidence of plan ")
        .append(esc(r.planId()))
        .append("</title>\n<style>\n")
        .append(HtmlReport.CSS)
        .append(CSS)
        .append("</style>\n</head>\n<body>\n<header>\n<h1>Recovery evidence of plan ")
        .append(esc(r.planId()))
        .append("</h1>\n<dl>\n");
    item(h, "Plan", r.planName() == null ? r.planId() : r.planName() + " (" + r.planId() + ")");
    item(
        h,
        "Period",
        "executions started since " + r.from() + " (the last " + Since.shown(r.since()) + ")");
    item(h, "Generated", r.generatedAt().toString());
    item(h, "Source", "the scheduler's status views on drs.executions");
    h.append("</dl>\n</header>\n<section>\n");
    if (r.executions().isEmpty()) {
      h.append("<p id=\"no-executions\">").append(esc(PlanEvidenceText.none(r))).append("</p>\n");
    } else {
      table(h, r.executions());
      h.append("<p id=\"summary\">").append(esc(PlanEvidenceText.summary(r))).append("</p>\n");
    }
    if (r.unreadableViews() > 0) {
      h.append("<p class=\"note\" id=\"unreadable\">")
          .append(esc(PlanEvidenceText.unreadable(r)))
          .append("</p>\n");
    }
    h.append("</section>\n</body>\n</html>\n");
    return h.toString();
  }

  private static void table(StringBuilder h, List<Execution> executions) {
    h.append("<table id=\"executions\">\n<thead><tr>");
    for (String header : PlanEvidenceText.HEADERS) {
      h.append("<th>").append(esc(header)).append("</th>");
    }
    h.append("</tr></thead>\n<tbody>\n");
    for (Execution e : executions) {
      List<String> cells = PlanEvidenceText.cells(e);
      h.append("<tr data-execution=\"")
          .append(esc(e.executionId()))
          .append("\" data-mode=\"")
          .append(esc(e.mode()))
          .append("\">");
      for (int i = 0; i < cells.size(); i++) {
        h.append("<td").append(cellClass(i, e)).append(">");
        if (i == 3) {
          h.append("<span class=\"status status-")
              .append(esc(e.status()))
              .append("\">")
              .append(esc(cells.get(i)))
              .append("</span>");
        } else {
          h.append(esc(cells.get(i)));
        }
        h.append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</tbody>\n</table>\n");
  }

  /** The RTO cell says met or not at a glance; a pre-flight with problems stands out. */
  private static String cellClass(int column, Execution e) {
    if (column == 4 && e.rtoMet() != null && e.rtoTargetMinutes() != null) {
      return e.rtoMet() ? " class=\"rto met\"" : " class=\"rto not-met\"";
    }
    if (column == 7 && e.preflight() != null) {
      return " class=\"problems\"";
    }
    return "";
  }
}
