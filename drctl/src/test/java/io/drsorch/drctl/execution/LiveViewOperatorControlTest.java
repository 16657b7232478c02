package io.drsorch.drctl.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The live view and the summary of what operator control adds: waits for approval, approvals,
 * pauses, optional servers that did not launch, waves carried over into a retry, retry links.
 */
class LiveViewOperatorControlTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String DB_DONE =
      """
      {"waveId": "db", "status": "COMPLETED", "dependsOn": [], "attempt": 1,
       "jobIds": ["drsjob-1"], "startedAt": "2026-01-01T10:00:00Z",
       "endedAt": "2026-01-01T10:01:05Z", "reason": null,
       "servers": [{"sourceServerId": "s-1", "launchStatus": "LAUNCHED"}]}
      """;

  private static final String WEB_AFTER_APP =
      """
      {"waveId": "web", "status": "PENDING", "dependsOn": ["app"], "attempt": 0, "jobIds": [],
       "startedAt": null, "endedAt": null, "reason": null,
       "servers": [{"sourceServerId": "s-9", "launchStatus": "PENDING"}]}
      """;

  @Test
  void givenAWaveAtItsApprovalGate_whenDrawn_thenHowLongItWaitedItsDeadlineAndTheCommandToApprove()
      throws Exception {
    // given: app began waiting when db completed, at 10:01:05, for at most 30 minutes
    JsonNode view =
        execution(
            "RUNNING",
            "",
            DB_DONE,
            """
            {"waveId": "app", "status": "WAITING_APPROVAL", "dependsOn": ["db"], "attempt": 0,
             "jobIds": [], "startedAt": null, "endedAt": null,
             "reason": "waiting for approval until 2026-01-01T10:31:05Z",
             "approvalRequired": true, "approvalTimeoutMinutes": 30,
             "waitingSince": "2026-01-01T10:01:05Z",
             "servers": [{"sourceServerId": "s-2", "launchStatus": "PENDING"},
                         {"sourceServerId": "s-3", "launchStatus": "PENDING"}]}
            """,
            WEB_AFTER_APP);

    // when
    List<String> lines = LiveView.lines(view, Instant.parse("2026-01-01T10:04:15Z"));

    // then
    assertThat(lines).hasSize(5);
    assertThat(lines.get(2))
        .contains("app", "0/2", "WAITING_APPROVAL")
        .endsWith("waiting 3:10 for approval, deadline 2026-01-01T10:31:05Z (26:50 left)");
    assertThat(lines.get(3)).isEqualTo("      approve with: drctl approve e-1 app");
    assertThat(lines.get(4)).contains("web", "PENDING", "waiting for app");
    assertThat(LiveView.isTerminal(view)).isFalse();
  }

  @Test
  void givenAGateWithoutTimeout_whenDrawn_thenNoDeadline() throws Exception {
    JsonNode view =
        execution(
            "RUNNING",
            "",
            DB_DONE,
            """
            {"waveId": "app", "status": "WAITING_APPROVAL", "dependsOn": ["db"], "attempt": 0,
             "jobIds": [], "reason": "waiting for approval", "approvalRequired": true,
             "approvalTimeoutMinutes": null, "waitingSince": "2026-01-01T10:01:05Z",
             "servers": [{"sourceServerId": "s-2", "launchStatus": "PENDING"}]}
            """);

    List<String> lines = LiveView.lines(view, Instant.parse("2026-01-01T11:31:05Z"));

    assertThat(lines.get(2)).endsWith("waiting 1:30:00 for approval, no deadline");
  }

  @Test
  void
      givenAnApprovedWave_whenDrawnAndSummarised_thenWhoWhenAfterHowLongAndTheComment_andItsRunTimeLeavesTheWaitOut()
          throws Exception {
    // given: approved at 10:06:05 after 5 minutes, launched a second later, ran for a minute
    String approved =
        """
        {"waveId": "app", "status": "%s", "dependsOn": ["db"], "attempt": 1,
         "jobIds": ["drsjob-2"], "startedAt": "2026-01-01T10:06:06Z", "endedAt": %s,
         "reason": null, "approvalRequired": true, "waitingSince": "2026-01-01T10:01:05Z",
         "approvedBy": "alice", "approvedAt": "2026-01-01T10:06:05Z",
         "comment": "database checked",
         "servers": [{"sourceServerId": "s-2", "launchStatus": "LAUNCHED"}]}
        """;
    JsonNode running = execution("RUNNING", "", DB_DONE, approved.formatted("RUNNING", "null"));
    JsonNode ended =
        execution(
            "COMPLETED",
            "\"endedAt\": \"2026-01-01T10:07:06Z\"",
            DB_DONE,
            approved.formatted("COMPLETED", "\"2026-01-01T10:07:06Z\""));

    // when
    List<String> lines = LiveView.lines(running, Instant.parse("2026-01-01T10:07:06Z"));
    String summary = String.join("\n", LiveView.summary(ended));

    // then
    assertThat(lines.get(2)).contains("app", "RUNNING", " 1:00 ", "drsjob-2");
    String note =
        "approved by alice at 2026-01-01T10:06:05Z after waiting 5:00: \"database checked\"";
    assertThat(lines.get(3)).isEqualTo("      " + note);
    assertThat(summary).containsPattern("(?m)^app +COMPLETED .* 60\\.0 s").contains(note);
  }

  @Test
  void
      givenAPausedExecution_whenDrawn_thenWhoPausedSinceWhenHowToResume_andReadyWavesWaitForTheResume()
          throws Exception {
    // given
    JsonNode view =
        execution(
            "PAUSED",
            "\"pausedBy\": \"bob\", \"pausedAt\": \"2026-01-01T10:02:00Z\"",
            DB_DONE,
            """
            {"waveId": "app", "status": "PENDING", "dependsOn": ["db"], "attempt": 0,
             "jobIds": [], "reason": "waiting for resume",
             "servers": [{"sourceServerId": "s-2", "launchStatus": "PENDING"}]}
            """,
            WEB_AFTER_APP);

    // when
    List<String> lines = LiveView.lines(view, Instant.parse("2026-01-01T10:05:10Z"));

    // then
    assertThat(lines.get(0)).contains("DRILL e-1", "PAUSED");
    assertThat(lines.get(1))
        .isEqualTo(
            "  paused by bob since 2026-01-01T10:02:00Z (3:10 ago): nothing new launches; resume"
                + " with: drctl resume e-1");
    assertThat(lines.get(3)).contains("app", "PENDING").endsWith(" waiting for resume");
    assertThat(String.join("\n", lines)).containsOnlyOnce("waiting for resume");
    assertThat(lines.get(4)).endsWith("waiting for app");
    assertThat(LiveView.isTerminal(view)).isFalse();
  }

  @Test
  void givenAWaveCompletedWithoutAnOptionalServer_whenDrawnAndSummarised_thenTheServerIsFlagged()
      throws Exception {
    // given
    JsonNode view =
        execution(
            "COMPLETED",
            "\"endedAt\": \"2026-01-01T10:03:00Z\"",
            DB_DONE,
            """
            {"waveId": "app", "status": "COMPLETED", "dependsOn": ["db"], "attempt": 1,
             "jobIds": ["drsjob-2"], "startedAt": "2026-01-01T10:01:05Z",
             "endedAt": "2026-01-01T10:03:00Z",
             "reason": "completed without optional servers: s-3 FAILED",
             "optionalServerIds": ["s-3"], "failedOptionalServers": ["s-3"],
             "servers": [{"sourceServerId": "s-2", "launchStatus": "LAUNCHED"},
                         {"sourceServerId": "s-3", "launchStatus": "FAILED"}]}
            """);

    // when
    List<String> lines = LiveView.lines(view, Instant.parse("2026-01-01T10:03:00Z"));
    String summary = String.join("\n", LiveView.summary(view));

    // then
    assertThat(lines.get(2)).contains("app", "1/2", "COMPLETED");
    assertThat(lines.get(3))
        .isEqualTo("      optional servers not launched: s-3 (the wave completed without them)");
    assertThat(summary).contains("server s-3 FAILED (optional)").doesNotContain("retry");
  }

  @Test
  void givenARetry_whenDrawn_thenItNamesTheExecutionItRetriesAndMarksEachCarriedOverWave()
      throws Exception {
    // given: db completed in e-1; app failed there and alice marked it done; web relaunches
    // only its server that did not launch in e-1
    JsonNode view =
        JSON.readTree(
            """
            {"executionId": "e-2", "planId": "three-tier", "planVersion": 1, "mode": "DRILL",
             "status": "RUNNING", "startedAt": "2026-01-01T11:00:00Z", "retryOf": "e-1",
             "waves": [
              {"waveId": "db", "status": "COMPLETED", "dependsOn": [], "attempt": 0,
               "jobIds": ["drsjob-1"], "endedAt": "2026-01-01T11:00:00Z",
               "reason": "completed in execution e-1", "carriedOverFrom": "e-1",
               "servers": [{"sourceServerId": "s-1", "launchStatus": "LAUNCHED"}]},
              {"waveId": "app", "status": "COMPLETED", "dependsOn": ["db"], "attempt": 0,
               "jobIds": ["drsjob-2"], "endedAt": "2026-01-01T11:00:00Z",
               "reason": "marked done by alice without relaunching (it failed in execution e-1)",
               "carriedOverFrom": "e-1", "overrideBy": "alice",
               "servers": [{"sourceServerId": "s-2", "launchStatus": "FAILED"}]},
              {"waveId": "web", "status": "RUNNING", "dependsOn": ["app"], "attempt": 1,
               "jobIds": ["drsjob-3", "drsjob-4"], "startedAt": "2026-01-01T11:00:01Z",
               "carriedOverFrom": "e-1",
               "servers": [{"sourceServerId": "s-4", "launchStatus": "LAUNCHED"},
                           {"sourceServerId": "s-5", "launchStatus": "IN_PROGRESS"}]}]}
            """);

    // when
    List<String> lines = LiveView.lines(view, Instant.parse("2026-01-01T11:00:30Z"));

    // then
    assertThat(lines.get(1)).isEqualTo("  retry of execution e-1");
    assertThat(lines)
        .containsSubsequence(
            "      carried over from execution e-1: not relaunched",
            "      carried over from execution e-1: not relaunched; marked done by alice"
                + " (override)",
            "      carried over from execution e-1: its servers launched there are kept, only the"
                + " others launch here");
  }

  @Test
  void givenAFailedExecution_whenSummarised_thenTheRetryCommand_orTheRetryThatFollowed()
      throws Exception {
    JsonNode notRetried = execution("FAILED", "\"endedAt\": \"2026-01-01T10:02:00Z\"", DB_DONE);
    JsonNode retried =
        execution(
            "FAILED", "\"endedAt\": \"2026-01-01T10:02:00Z\", \"retriedBy\": \"e-2\"", DB_DONE);

    assertThat(LiveView.summary(notRetried))
        .endsWith("retry from the point of failure: drctl retry e-1 [--skip-wave WAVE]");
    assertThat(LiveView.summary(retried)).endsWith("retried by execution e-2: drctl status e-2");
  }

  /** Execution e-1 of plan three-tier, started at 10:00:00, with {@code fields} and waves. */
  private static JsonNode execution(String status, String fields, String... waves)
      throws Exception {
    return JSON.readTree(
        """
        {"executionId": "e-1", "planId": "three-tier", "planVersion": 1, "mode": "DRILL",
         "status": "%s", "startedAt": "2026-01-01T10:00:00Z", %s "waves": [%s]}
        """
            .formatted(status, fields.isEmpty() ? "" : fields + ",", String.join(",", waves)));
  }
}
