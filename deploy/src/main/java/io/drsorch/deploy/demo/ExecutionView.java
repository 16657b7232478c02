package io.drsorch.deploy.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Renders an execution's status view (GET /executions/{id}) for people: live lines and summary. */
final class ExecutionView {

  static final Set<String> TERMINAL =
      Set.of("COMPLETED", "FAILED", "CANCELLED", "TIMED_OUT", "REJECTED");

  private ExecutionView() {}

  static boolean isTerminal(JsonNode execution) {
    return TERMINAL.contains(execution.path("status").asText());
  }

  /** One header line, then one line per wave: status, progress bar, job ids, elapsed time. */
  static List<String> liveLines(JsonNode execution, Instant now) {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            "%s %s of plan %s: %s  %s",
            execution.path("mode").asText(),
            execution.path("executionId").asText(),
            execution.path("planId").asText(),
            execution.path("status").asText(),
            seconds(elapsed(execution.path("startedAt"), execution.path("endedAt"), now))));
    for (JsonNode wave : execution.path("waves")) {
      int total = wave.path("servers").size();
      long launched = 0;
      for (JsonNode server : wave.path("servers")) {
        if ("LAUNCHED".equals(server.path("launchStatus").asText())) {
          launched++;
        }
      }
      String status = wave.path("status").asText();
      String detail =
          "PENDING".equals(status)
              ? "waiting for " + join(wave.path("dependsOn"))
              : join(wave.path("jobIds"))
                  + "  "
                  + seconds(elapsed(wave.path("startedAt"), wave.path("endedAt"), now));
      String reason =
          wave.path("reason").isTextual() ? "  (" + wave.path("reason").asText() + ")" : "";
      lines.add(
          String.format(
              "  %-10s %-10s %s %d/%d  %s%s",
              wave.path("waveId").asText(),
              status,
              bar(launched, Math.max(total, 1)),
              launched,
              total,
              detail,
              reason));
    }
    return lines;
  }

  /** The per-wave summary printed at the end: job ids, start, end, duration. */
  static List<String> summary(JsonNode execution) {
    List<String> lines = new ArrayList<>();
    lines.add("");
    lines.add(
        String.format(
            "%-10s %-10s %-26s %-26s %9s  %s",
            "WAVE", "STATUS", "STARTED", "ENDED", "DURATION", "DRS JOBS"));
    for (JsonNode wave : execution.path("waves")) {
      Duration took = elapsed(wave.path("startedAt"), wave.path("endedAt"), null);
      lines.add(
          String.format(
              "%-10s %-10s %-26s %-26s %9s  %s",
              wave.path("waveId").asText(),
              wave.path("status").asText(),
              text(wave.path("startedAt")),
              text(wave.path("endedAt")),
              took == null ? "-" : seconds(took),
              join(wave.path("jobIds"))));
    }
    Duration total = elapsed(execution.path("startedAt"), execution.path("endedAt"), null);
    lines.add(
        String.format(
            "execution %s %s in %s%s",
            execution.path("executionId").asText(),
            execution.path("status").asText(),
            total == null ? "-" : seconds(total),
            execution.path("reason").isTextual() ? ": " + execution.path("reason").asText() : ""));
    return lines;
  }

  private static Duration elapsed(JsonNode start, JsonNode end, Instant now) {
    if (!start.isTextual()) {
      return null;
    }
    Instant from = Instant.parse(start.asText());
    Instant to = end.isTextual() ? Instant.parse(end.asText()) : now;
    return to == null ? null : Duration.between(from, to);
  }

  private static String seconds(Duration d) {
    return d == null ? "" : String.format("%.1f s", d.toMillis() / 1000.0);
  }

  private static String bar(long done, int total) {
    int width = 10;
    int filled = (int) (done * width / total);
    return "[" + "#".repeat(filled) + " ".repeat(width - filled) + "]";
  }

  private static String join(JsonNode array) {
    List<String> parts = new ArrayList<>();
    array.forEach(n -> parts.add(n.asText()));
    return parts.isEmpty() ? "-" : String.join(",", parts);
  }

  private static String text(JsonNode node) {
    return node.isTextual() ? node.asText() : "-";
  }
}
