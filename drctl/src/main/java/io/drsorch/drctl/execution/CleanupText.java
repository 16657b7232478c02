package io.drsorch.drctl.execution;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A drill cleanup for people, from its JSON ({@code {"status", "requestedBy", "requestedAt",
 * "endedAt", "jobIds", "instanceIds", "terminatedInstanceIds", "reason"}}, as the execution's view
 * and the cleanup's answer show it): one line of where it is, and once it ended, each instance it
 * terminated or did not.
 */
final class CleanupText {

  static final Set<String> ENDED = Set.of("COMPLETED", "FAILED");

  private CleanupText() {}

  static boolean ended(JsonNode cleanup) {
    return ENDED.contains(cleanup.path("status").asText());
  }

  /**
   * E.g. "cleanup of execution e-1 RUNNING (asked by alice at ...): 1 of 3 instances terminated".
   */
  static String state(String executionId, JsonNode cleanup) {
    String status = cleanup.path("status").asText();
    String line = "cleanup of execution " + executionId + " " + status;
    String by = text(cleanup, "requestedBy");
    String at = text(cleanup, "requestedAt");
    if (by != null || at != null) {
      line +=
          " (asked"
              + (by == null ? "" : " by " + by)
              + (at == null ? "" : " at " + at)
              + (ended(cleanup) && text(cleanup, "endedAt") != null
                  ? ", ended " + text(cleanup, "endedAt")
                  : "")
              + ")";
    }
    if ("REQUESTED".equals(status)) {
      return line + ": the scheduler terminates the recovery instances this drill launched";
    }
    int instances = cleanup.path("instanceIds").size();
    int terminated = cleanup.path("terminatedInstanceIds").size();
    line += ": " + terminated + " of " + instances + " instances terminated";
    List<String> jobs = strings(cleanup.path("jobIds"));
    if (!jobs.isEmpty()) {
      line += "; DRS jobs " + String.join(", ", jobs);
    }
    String reason = text(cleanup, "reason");
    return reason == null ? line : line + ": " + reason;
  }

  /**
   * The state line, then for an ended cleanup one line per instance: terminated, or (when it
   * FAILED) not terminated, which is what is left to terminate by hand.
   */
  static List<String> summary(String executionId, JsonNode cleanup) {
    List<String> lines = new ArrayList<>();
    lines.add(state(executionId, cleanup));
    if (!ended(cleanup)) {
      return lines;
    }
    Set<String> terminated = new LinkedHashSet<>(strings(cleanup.path("terminatedInstanceIds")));
    terminated.forEach(id -> lines.add("  terminated      " + id));
    for (String id : strings(cleanup.path("instanceIds"))) {
      if (!terminated.contains(id)) {
        lines.add("  NOT terminated  " + id);
      }
    }
    return lines;
  }

  private static String text(JsonNode node, String field) {
    return node.path(field).isTextual() ? node.path(field).asText() : null;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
