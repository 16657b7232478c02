package io.drsorch.drctl.execution;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Lines under a wave's line that say what its status alone does not: the command that approves a
 * wave waiting at its gate, who approved it and after how long, optional servers it completed
 * without (its bar shows fewer launched than it has), and a wave carried over from the execution a
 * retry took over from, which was not launched here.
 */
final class WaveNotes {

  private WaveNotes() {}

  /** For the live view. */
  static List<String> live(String executionId, JsonNode wave) {
    List<String> notes = new ArrayList<>();
    if ("WAITING_APPROVAL".equals(wave.path("status").asText())) {
      notes.add("approve with: drctl approve " + executionId + " " + wave.path("waveId").asText());
    }
    approved(wave).ifPresent(notes::add);
    List<String> optional = strings(wave.path("failedOptionalServers"));
    if (!optional.isEmpty()) {
      notes.add(
          "optional servers not launched: "
              + String.join(", ", optional)
              + " (the wave completed without them)");
    }
    carriedOver(wave).ifPresent(notes::add);
    return notes;
  }

  /** For the summary, which lists the servers that did not launch itself. */
  static List<String> ended(JsonNode wave) {
    List<String> notes = new ArrayList<>();
    approved(wave).ifPresent(notes::add);
    carriedOver(wave).ifPresent(notes::add);
    return notes;
  }

  /** The wave's optional servers: those its plan lists and those the view says did not launch. */
  static Set<String> optionalServers(JsonNode wave) {
    Set<String> optional = new LinkedHashSet<>(strings(wave.path("optionalServerIds")));
    optional.addAll(strings(wave.path("failedOptionalServers")));
    return optional;
  }

  /** E.g. "waiting 3:10 for approval, deadline 2026-12-02T10:00:00Z (1:50 left)". */
  static String waiting(JsonNode wave, Instant since, Instant now) {
    String waited =
        "waiting " + LiveView.clock(Duration.between(since, now)).strip() + " for approval";
    JsonNode minutes = wave.path("approvalTimeoutMinutes");
    if (!minutes.isNumber() || minutes.asInt() <= 0) {
      return waited + ", no deadline";
    }
    Instant deadline = since.plus(Duration.ofMinutes(minutes.asInt()));
    Duration left = Duration.between(now, deadline);
    return waited
        + ", deadline "
        + LiveView.shown(deadline)
        + (left.isNegative() ? " (due)" : " (" + LiveView.clock(left).strip() + " left)");
  }

  private static Optional<String> approved(JsonNode wave) {
    if (!wave.path("approvedBy").isTextual()) {
      return Optional.empty();
    }
    Instant at = LiveView.instant(wave.path("approvedAt"));
    Instant since = LiveView.instant(wave.path("waitingSince"));
    return Optional.of(
        "approved by "
            + wave.path("approvedBy").asText()
            + (at == null ? "" : " at " + LiveView.shown(at))
            + (at == null || since == null
                ? ""
                : " after waiting " + LiveView.clock(Duration.between(since, at)).strip())
            + (wave.path("comment").isTextual()
                ? ": \"" + wave.path("comment").asText() + "\""
                : ""));
  }

  /**
   * A wave a retry took over: done there (or marked done by an operator) it never launches here;
   * otherwise only its servers that did not launch there do.
   */
  private static Optional<String> carriedOver(JsonNode wave) {
    boolean carried = wave.path("carriedOverFrom").isTextual();
    boolean overridden = wave.path("overrideBy").isTextual();
    if (!carried && !overridden) {
      return Optional.empty();
    }
    String from = carried ? " from execution " + wave.path("carriedOverFrom").asText() : "";
    boolean notLaunchedHere =
        "COMPLETED".equals(wave.path("status").asText()) && wave.path("attempt").asInt() == 0;
    return Optional.of(
        "carried over"
            + from
            + (notLaunchedHere
                ? ": not relaunched"
                : ": its servers launched there are kept, only the others launch here")
            + (overridden
                ? "; marked done by " + wave.path("overrideBy").asText() + " (override)"
                : ""));
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(n -> values.add(n.asText()));
    return values;
  }
}
