package io.drsorch.drctl.execution;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Lines under an execution's header from its drill lifecycle: the point in time it recovers to,
 * what its pre-flight check found (the problems it ran or was refused with), the recovery time
 * against the plan's objective, and the oldest recovery point among its servers.
 */
final class RecoveryNotes {

  /** Not-ready servers listed by name; the rest are counted. */
  private static final int LISTED = 5;

  private RecoveryNotes() {}

  static List<String> of(JsonNode execution) {
    List<String> notes = new ArrayList<>();
    if (execution.path("pointInTime").isTextual()) {
      notes.add(
          "point in time "
              + execution.path("pointInTime").asText()
              + ": every server launches from its newest snapshot at or before it");
    }
    notes.addAll(preflight(execution.path("preflight")));
    String rto = rto(execution.path("rto"));
    if (rto != null) {
      notes.add(rto);
    }
    Long worst = worstRpo(execution);
    if (worst != null) {
      notes.add(
          "worst recovery point: " + LiveView.clock(Duration.ofSeconds(worst)).strip() + " old");
    }
    String cleanup = cleanup(execution);
    if (cleanup != null) {
      notes.add(cleanup);
    }
    return notes;
  }

  /**
   * The drill cleanup's state; for an ended drill not cleaned up, the command that does it (its
   * instances run, and bill, until then).
   */
  private static String cleanup(JsonNode execution) {
    JsonNode cleanup = execution.path("cleanup");
    if (cleanup.isObject()) {
      return "cleanup "
          + cleanup.path("status").asText()
          + " (asked by "
          + cleanup.path("requestedBy").asText()
          + "): "
          + cleanup.path("terminatedInstanceIds").size()
          + " of "
          + cleanup.path("instanceIds").size()
          + " instances terminated"
          + (cleanup.path("reason").isTextual() ? ": " + cleanup.path("reason").asText() : "");
    }
    boolean endedDrill =
        "DRILL".equals(execution.path("mode").asText())
            && execution.path("endedAt").isTextual()
            && !"REJECTED".equals(execution.path("status").asText());
    if (!endedDrill) {
      return null;
    }
    int instances = 0;
    for (JsonNode wave : execution.path("waves")) {
      for (JsonNode server : wave.path("servers")) {
        if (server.path("recoveryInstanceId").isTextual()) {
          instances++;
        }
      }
    }
    if (instances == 0) {
      return null;
    }
    return instances
        + " drill instance"
        + (instances == 1 ? "" : "s")
        + " still running: terminate with drctl cleanup "
        + execution.path("executionId").asText();
  }

  private static List<String> preflight(JsonNode preflight) {
    List<String> lines = new ArrayList<>();
    JsonNode problems = preflight.path("problems");
    if (!preflight.isObject() || problems.isEmpty()) {
      return lines;
    }
    lines.add(
        "pre-flight ("
            + preflight.path("mode").asText()
            + "): "
            + problems.size()
            + " of "
            + preflight.path("serversChecked").asInt()
            + " servers not ready");
    int shown = 0;
    for (JsonNode server : problems) {
      if (shown++ == LISTED) {
        lines.add("  and " + (problems.size() - LISTED) + " more");
        break;
      }
      List<String> texts = new ArrayList<>();
      server.path("problems").forEach(p -> texts.add(p.asText()));
      lines.add(
          "  "
              + server.path("sourceServerId").asText()
              + " (wave "
              + server.path("waveId").asText()
              + "): "
              + String.join(", ", texts));
    }
    return lines;
  }

  private static String rto(JsonNode rto) {
    if (!rto.isObject()) {
      return null;
    }
    String target =
        rto.path("targetMinutes").isInt() ? rto.path("targetMinutes").asInt() + " min" : null;
    if (rto.path("measuredSeconds").isNumber()) {
      String measured =
          LiveView.clock(Duration.ofSeconds(rto.path("measuredSeconds").asLong())).strip();
      if (target == null) {
        return "recovery time " + measured + " (no RTO target set)";
      }
      return "recovery time "
          + measured
          + " against an RTO of "
          + target
          + (rto.path("met").asBoolean() ? ": met" : ": NOT met");
    }
    if (target == null) {
      return null;
    }
    if (rto.path("met").isBoolean() && !rto.path("met").asBoolean()) {
      return "RTO " + target + ": NOT met (nothing recovered)";
    }
    return "RTO target " + target;
  }

  private static Long worstRpo(JsonNode execution) {
    Long worst = null;
    for (JsonNode wave : execution.path("waves")) {
      for (JsonNode server : wave.path("servers")) {
        if (server.path("rpoSeconds").isNumber()) {
          long rpo = server.path("rpoSeconds").asLong();
          worst = worst == null ? rpo : Math.max(worst, rpo);
        }
      }
    }
    return worst;
  }
}
