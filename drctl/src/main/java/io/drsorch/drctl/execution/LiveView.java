package io.drsorch.drctl.execution;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An execution's status view (GET /executions/{id}) for people: a header, then one line per wave
 * with a progress bar of servers launched, its status, elapsed time, DRS job ids, and for a wave
 * that has not started what it waits for (its dependencies, an approval, a resume); under a line,
 * its before and after actions as steps ({@link ActionSteps}) and notes of what operator control
 * did to it ({@link ExecutionNotes}, {@link WaveNotes}); at the end a per-wave summary.
 */
public final class LiveView {

  public static final Set<String> TERMINAL =
      Set.of("COMPLETED", "FAILED", "CANCELLED", "TIMED_OUT", "REJECTED");

  private static final int BAR_WIDTH = 20;

  /** Notes sit under a wave's name, indented, so the eye keeps to the waves' own lines. */
  private static final String NOTE_INDENT = "      ";

  private LiveView() {}

  public static boolean isTerminal(JsonNode execution) {
    return TERMINAL.contains(execution.path("status").asText());
  }

  /** The header and one line per wave, as of {@code now}. */
  public static List<String> lines(JsonNode execution, Instant now) {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            "%s %s  plan %s v%d  %s  %s%s",
            execution.path("mode").asText(),
            execution.path("executionId").asText(),
            execution.path("planId").asText(),
            execution.path("planVersion").asLong(),
            execution.path("status").asText(),
            clock(elapsed(execution.path("startedAt"), execution.path("endedAt"), now)),
            execution.path("reason").isTextual()
                ? "  (" + execution.path("reason").asText() + ")"
                : ""));
    ExecutionNotes.live(execution, now).forEach(note -> lines.add("  " + note));
    Map<String, String> statusOf = new HashMap<>();
    int width = 4;
    // As wide as the longest status shown (WAITING_APPROVAL is), so that the details line up.
    int statusWidth = 10;
    for (JsonNode wave : execution.path("waves")) {
      statusOf.put(wave.path("waveId").asText(), wave.path("status").asText());
      width = Math.max(width, wave.path("waveId").asText().length());
      statusWidth = Math.max(statusWidth, wave.path("status").asText().length());
    }
    boolean paused = "PAUSED".equals(execution.path("status").asText());
    String executionId = execution.path("executionId").asText();
    for (JsonNode wave : execution.path("waves")) {
      lines.add(waveLine(wave, statusOf, paused, width, statusWidth, now));
      ActionSteps.live(wave, now).forEach(step -> lines.add(NOTE_INDENT + step));
      WaveNotes.live(executionId, wave).forEach(note -> lines.add(NOTE_INDENT + note));
    }
    return lines;
  }

  private static String waveLine(
      JsonNode wave,
      Map<String, String> statusOf,
      boolean paused,
      int width,
      int statusWidth,
      Instant now) {
    int total = wave.path("servers").size();
    int launched = 0;
    for (JsonNode server : wave.path("servers")) {
      if ("LAUNCHED".equals(server.path("launchStatus").asText())) {
        launched++;
      }
    }
    String status = wave.path("status").asText();
    String reason = wave.path("reason").isTextual() ? wave.path("reason").asText() : null;
    Instant waitingSince = instant(wave.path("waitingSince"));
    String detail;
    if ("PENDING".equals(status)) {
      List<String> waitingFor = new ArrayList<>();
      for (JsonNode dep : wave.path("dependsOn")) {
        if (!"COMPLETED".equals(statusOf.get(dep.asText()))) {
          waitingFor.add(dep.asText());
        }
      }
      if (!waitingFor.isEmpty()) {
        detail = "waiting for " + String.join(", ", waitingFor);
      } else {
        detail = paused ? "waiting for resume" : "starting";
      }
    } else if ("WAITING_APPROVAL".equals(status) && waitingSince != null) {
      detail = WaveNotes.waiting(wave, waitingSince, now);
      // The view's reason ("waiting for approval until ...") says what the detail already shows.
      reason = null;
    } else {
      detail =
          clock(elapsed(wave.path("startedAt"), wave.path("endedAt"), now))
              + "  "
              + join(wave.path("jobIds"));
      if (wave.path("attempt").asInt() > 1) {
        detail += "  attempt " + wave.path("attempt").asInt();
      }
    }
    return String.format(
        "  %-" + width + "s %s %3d/%-3d %-" + statusWidth + "s %s%s",
        wave.path("waveId").asText(),
        bar(launched, total),
        launched,
        total,
        status,
        detail,
        reason == null || reason.equals(detail) ? "" : "  " + reason);
  }

  /**
   * The per-wave summary printed at the end: status, job ids, start, end, duration, and under each
   * wave its servers that did not launch, its reason and its action steps.
   */
  public static List<String> summary(JsonNode execution) {
    List<String> lines = new ArrayList<>();
    lines.add("");
    String format = "%-12s %-10s %-24s %-24s %9s  %s";
    lines.add(String.format(format, "WAVE", "STATUS", "STARTED", "ENDED", "DURATION", "DRS JOBS"));
    for (JsonNode wave : execution.path("waves")) {
      Set<String> optional = WaveNotes.optionalServers(wave);
      Duration took = elapsed(wave.path("startedAt"), wave.path("endedAt"), null);
      lines.add(
          String.format(
              format,
              wave.path("waveId").asText(),
              wave.path("status").asText(),
              text(wave.path("startedAt")),
              text(wave.path("endedAt")),
              took == null ? "-" : seconds(took),
              join(wave.path("jobIds"))));
      for (JsonNode server : wave.path("servers")) {
        if (!"LAUNCHED".equals(server.path("launchStatus").asText())
            && !"PENDING".equals(wave.path("status").asText())
            && !"SKIPPED".equals(wave.path("status").asText())) {
          String serverId = server.path("sourceServerId").asText();
          lines.add(
              "             server "
                  + serverId
                  + " "
                  + server.path("launchStatus").asText()
                  + (optional.contains(serverId) ? " (optional)" : ""));
        }
      }
      if (wave.path("reason").isTextual()) {
        lines.add("             " + wave.path("reason").asText());
      }
      ActionSteps.ended(wave).forEach(step -> lines.add("             " + step));
      WaveNotes.ended(wave).forEach(note -> lines.add("             " + note));
    }
    Duration total = elapsed(execution.path("startedAt"), execution.path("endedAt"), null);
    lines.add(
        String.format(
            "execution %s %s in %s%s",
            execution.path("executionId").asText(),
            execution.path("status").asText(),
            total == null ? "-" : seconds(total),
            execution.path("reason").isTextual() ? ": " + execution.path("reason").asText() : ""));
    lines.addAll(ExecutionNotes.ended(execution));
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

  /** An ISO-8601 time of the view; null when absent. */
  static Instant instant(JsonNode time) {
    return time.isTextual() ? Instant.parse(time.asText()) : null;
  }

  /** A time for people: to the second, as a wall clock shows it. */
  static String shown(Instant at) {
    return at.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** m:ss for elapsed times in the live view. */
  static String clock(Duration d) {
    if (d == null) {
      return "    ";
    }
    long s = Math.max(0, d.toSeconds());
    return s >= 3600
        ? String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
        : String.format("%d:%02d", s / 60, s % 60);
  }

  static String seconds(Duration d) {
    return String.format("%.1f s", d.toMillis() / 1000.0);
  }

  static String bar(int done, int total) {
    int filled = total == 0 ? 0 : done * BAR_WIDTH / total;
    return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "]";
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
