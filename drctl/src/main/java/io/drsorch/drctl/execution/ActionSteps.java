package io.drsorch.drctl.execution;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A wave's before and after actions as steps under its line, in the order they run: phase, name,
 * type, status, how long it ran, the SSM automation or the last HTTP status, and why it did not
 * succeed. A failure the plan lets the wave go on past is marked "(continued)", so that a COMPLETED
 * wave with a FAILED step does not read as a contradiction.
 */
final class ActionSteps {

  /**
   * As wide as the longest status (SUCCEEDED, TIMED_OUT, CANCELLED), so that the details line up.
   */
  private static final int STATUS_WIDTH = 9;

  /** As wide as the longest type, SSM_AUTOMATION. */
  private static final int TYPE_WIDTH = 14;

  private ActionSteps() {}

  /** For the live view: a running step's time counts up to {@code now}. */
  static List<String> live(JsonNode wave, Instant now) {
    return lines(wave, now, d -> LiveView.clock(d).strip());
  }

  /** For the summary of an ended execution, its times in seconds like the waves'. */
  static List<String> ended(JsonNode wave) {
    return lines(wave, null, LiveView::seconds);
  }

  private static List<String> lines(JsonNode wave, Instant now, Function<Duration, String> took) {
    int nameWidth = 0;
    for (JsonNode action : wave.path("actions")) {
      nameWidth = Math.max(nameWidth, action.path("name").asText().length());
    }
    List<String> lines = new ArrayList<>();
    for (JsonNode action : wave.path("actions")) {
      List<String> details = new ArrayList<>();
      Duration ran = ran(action, now);
      if (ran != null) {
        details.add(took.apply(ran));
      }
      if (action.path("continued").asBoolean()) {
        details.add("(continued)");
      }
      if (action.path("automationExecutionId").isTextual()) {
        details.add("automation " + action.path("automationExecutionId").asText());
      }
      if (action.path("lastHttpStatus").isInt()) {
        details.add("HTTP " + action.path("lastHttpStatus").asInt());
      }
      if (action.path("reason").isTextual()) {
        details.add(action.path("reason").asText());
      }
      String line =
          String.format(
              "%-6s  %-" + nameWidth + "s  %-" + TYPE_WIDTH + "s  %-" + STATUS_WIDTH + "s  %s",
              action.path("phase").asText().toLowerCase(Locale.ROOT),
              action.path("name").asText(),
              action.path("type").asText(),
              action.path("status").asText(),
              String.join("  ", details));
      lines.add(line.stripTrailing());
    }
    return lines;
  }

  /** From its start to its end, or to {@code now} while it runs; null before it started. */
  private static Duration ran(JsonNode action, Instant now) {
    Instant started = LiveView.instant(action.path("startedAt"));
    Instant ended = LiveView.instant(action.path("endedAt"));
    if (started == null) {
      return null;
    }
    Instant to = ended != null ? ended : now;
    return to == null ? null : Duration.between(started, to);
  }
}
