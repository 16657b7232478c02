package io.drsorch.drctl.execution;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Lines under an execution's header that operator control adds: who paused it and since when (with
 * the command that resumes it), and the links between a retry and the execution it retries.
 */
final class ExecutionNotes {

  private static final Set<String> RETRYABLE = Set.of("FAILED", "TIMED_OUT");

  private ExecutionNotes() {}

  /** For the live view, as of {@code now}. */
  static List<String> live(JsonNode execution, Instant now) {
    List<String> notes = new ArrayList<>();
    if ("PAUSED".equals(execution.path("status").asText())) {
      notes.add(paused(execution, now));
    }
    notes.addAll(links(execution));
    notes.addAll(RecoveryNotes.of(execution));
    return notes;
  }

  /**
   * For the summary of an ended execution: the links, and for one that may be retried and was not
   * yet, the command that does it.
   */
  static List<String> ended(JsonNode execution) {
    List<String> notes = new ArrayList<>(links(execution));
    notes.addAll(RecoveryNotes.of(execution));
    String executionId = execution.path("executionId").asText();
    if (RETRYABLE.contains(execution.path("status").asText())
        && !execution.path("retriedBy").isTextual()) {
      notes.add(
          "retry from the point of failure: drctl retry " + executionId + " [--skip-wave WAVE]");
    }
    return notes;
  }

  private static String paused(JsonNode execution, Instant now) {
    String executionId = execution.path("executionId").asText();
    String by =
        execution.path("pausedBy").isTextual() ? " by " + execution.path("pausedBy").asText() : "";
    Instant at = LiveView.instant(execution.path("pausedAt"));
    String since =
        at == null
            ? ""
            : " since "
                + LiveView.shown(at)
                + " ("
                + LiveView.clock(Duration.between(at, now)).strip()
                + " ago)";
    return "paused"
        + by
        + since
        + ": nothing new launches; resume with: drctl resume "
        + executionId;
  }

  private static List<String> links(JsonNode execution) {
    List<String> links = new ArrayList<>();
    if (execution.path("retryOf").isTextual()) {
      links.add("retry of execution " + execution.path("retryOf").asText());
    }
    if (execution.path("retriedBy").isTextual()) {
      String retry = execution.path("retriedBy").asText();
      links.add("retried by execution " + retry + ": drctl status " + retry);
    }
    return links;
  }
}
