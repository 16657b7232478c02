package io.drsorch.drctl.plans;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The readiness answer of a plan as a person reads it: one row per server (its wave, whether it is
 * ready, its replication state and lag, its newest snapshot, its problems), then one line saying
 * whether the plan is ready.
 */
final class ReadinessTable {

  private static final String[] HEADER = {
    "SERVER", "WAVE", "READY", "REPLICATION", "LAG", "LAST SNAPSHOT", "PROBLEMS"
  };

  private ReadinessTable() {}

  static String render(JsonNode answer) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    long notReady = 0;
    for (JsonNode server : answer.path("servers")) {
      boolean ready = server.path("ready").asBoolean();
      if (!ready) {
        notReady++;
      }
      List<String> problems = new ArrayList<>();
      server.path("problems").forEach(p -> problems.add(p.asText()));
      rows.add(
          new String[] {
            server.path("sourceServerId").asText(),
            server.path("waveId").asText(),
            ready ? "yes" : "NO",
            text(server.path("replicationState")),
            text(server.path("lag")),
            text(server.path("lastSnapshotAt")),
            problems.isEmpty() ? "-" : String.join("; ", problems)
          });
    }
    StringBuilder out = new StringBuilder();
    int[] widths = widths(rows);
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.length; c++) {
        // The last column is not padded: problems are as long as they are.
        line.append(c == row.length - 1 ? row[c] : pad(row[c], widths[c]) + "  ");
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    int servers = answer.path("servers").size();
    out.append(verdict(answer.path("ready").asBoolean(), notReady, servers, answer));
    return out.toString();
  }

  private static String verdict(boolean ready, long notReady, int servers, JsonNode answer) {
    String mode = answer.path("mode").asText("DRILL");
    String at =
        answer.path("pointInTime").isTextual() ? " to " + answer.path("pointInTime").asText() : "";
    if (ready) {
      return "ready (" + mode + at + ", " + servers + (servers == 1 ? " server)" : " servers)");
    }
    return "NOT ready: " + notReady + " of " + servers + " servers (" + mode + at + ")";
  }

  private static String text(JsonNode value) {
    return value.isMissingNode() || value.isNull() ? "-" : value.asText();
  }

  private static int[] widths(List<String[]> rows) {
    int[] widths = new int[HEADER.length];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    return widths;
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(width - text.length());
  }
}
