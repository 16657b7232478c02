package io.drsorch.drctl.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A wave's before and after actions in the live view and the summary: one step per line under the
 * wave, in the order they run, with its time, its SSM automation or last HTTP status, why it
 * failed, and whether the wave went on regardless.
 */
class LiveViewWaveActionsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * db ran stop-writes before its launch and db-ready and smoke after it; smoke failed but may, so
   * db completed. app's after action app-health is {@code appHealth}; web waits for app, its before
   * action not started.
   */
  private static JsonNode view(String status, String end, String app, String appHealth)
      throws Exception {
    return JSON.readTree(
        """
        {"executionId": "e-1", "planId": "three-tier", "planVersion": 1, "mode": "DRILL",
         "status": "%s", "startedAt": "2026-01-01T10:00:00Z", "endedAt": %s,
         "waves": [
          {"waveId": "db", "status": "COMPLETED", "dependsOn": [], "attempt": 1,
           "jobIds": ["drsjob-1"], "startedAt": "2026-01-01T10:00:00Z",
           "endedAt": "2026-01-01T10:00:50Z",
           "servers": [{"sourceServerId": "s-1", "launchStatus": "LAUNCHED"}],
           "actions": [
            {"name": "stop-writes", "phase": "BEFORE", "index": 0, "type": "SSM_AUTOMATION",
             "onFailure": "FAIL_WAVE", "status": "SUCCEEDED",
             "startedAt": "2026-01-01T10:00:00Z", "endedAt": "2026-01-01T10:00:04Z",
             "automationExecutionId": "auto-stop", "continued": false},
            {"name": "db-ready", "phase": "AFTER", "index": 0, "type": "SSM_AUTOMATION",
             "onFailure": "FAIL_WAVE", "status": "SUCCEEDED",
             "startedAt": "2026-01-01T10:00:30Z", "endedAt": "2026-01-01T10:00:40Z",
             "automationExecutionId": "auto-ready", "continued": false},
            {"name": "smoke", "phase": "AFTER", "index": 1, "type": "HTTP_CHECK",
             "onFailure": "CONTINUE", "status": "FAILED",
             "startedAt": "2026-01-01T10:00:40Z", "endedAt": "2026-01-01T10:00:50Z",
             "reason": "expected HTTP 200, got 503", "lastHttpStatus": 503,
             "continued": true}]},
          {"waveId": "app", "dependsOn": ["db"], "attempt": 1, "jobIds": ["drsjob-2"],
           "startedAt": "2026-01-01T10:00:50Z",
           "servers": [{"sourceServerId": "s-2", "launchStatus": "LAUNCHED"}],
           %s,
           "actions": [
            {"name": "app-health", "phase": "AFTER", "index": 0, "type": "SSM_AUTOMATION",
             "onFailure": "FAIL_WAVE", "startedAt": "2026-01-01T10:01:10Z",
             "automationExecutionId": "auto-health", %s}]},
          {"waveId": "web", "dependsOn": ["app"], "attempt": 0, "jobIds": [],
           "status": "%s", "reason": null,
           "servers": [{"sourceServerId": "s-3", "launchStatus": "PENDING"}],
           "actions": [
            {"name": "warm-cache", "phase": "BEFORE", "index": 0, "type": "HTTP_CHECK",
             "onFailure": "FAIL_WAVE", "status": "%s", "continued": false}]}]}
        """
            .formatted(
                status,
                end,
                app,
                appHealth,
                "RUNNING".equals(status) ? "PENDING" : "SKIPPED",
                "RUNNING".equals(status) ? "PENDING" : "SKIPPED"));
  }

  @Test
  void givenWavesWithActions_whenDrawn_thenEachStepUnderItsWaveInTheOrderTheyRun()
      throws Exception {
    // given: app's after action has run for 5 s
    JsonNode view =
        view(
            "RUNNING",
            "null",
            "\"status\": \"RUNNING\", \"reason\": \"after action 'app-health' running\"",
            "\"status\": \"RUNNING\", \"continued\": false");

    // when
    List<String> lines = LiveView.lines(view, Instant.parse("2026-01-01T10:01:15Z"));

    // then
    assertThat(lines)
        .containsExactly(
            lines.get(0),
            lines.get(1),
            "      before  stop-writes  SSM_AUTOMATION  SUCCEEDED  0:04  automation auto-stop",
            "      after   db-ready     SSM_AUTOMATION  SUCCEEDED  0:10  automation auto-ready",
            "      after   smoke        HTTP_CHECK      FAILED     0:10  (continued)  HTTP 503"
                + "  expected HTTP 200, got 503",
            lines.get(5),
            "      after   app-health  SSM_AUTOMATION  RUNNING    0:05  automation auto-health",
            lines.get(7),
            "      before  warm-cache  HTTP_CHECK      PENDING");
    assertThat(lines.get(1)).contains("db", "1/1", "COMPLETED", "0:50");
    assertThat(lines.get(5))
        .contains("app", "RUNNING", "0:25", "drsjob-2")
        .endsWith("after action 'app-health' running");
    assertThat(lines.get(7)).contains("web", "PENDING", "waiting for app");
  }

  @Test
  void givenAWaveFailedByItsAfterAction_whenSummarised_thenTheStepSaysWhyAndWhatNeverRan()
      throws Exception {
    // given
    JsonNode view =
        view(
            "FAILED",
            "\"2026-01-01T10:01:20Z\"",
            "\"status\": \"FAILED\", \"endedAt\": \"2026-01-01T10:01:20Z\", \"reason\": \"after"
                + " action 'app-health' (SSM_AUTOMATION) failed: Step failed: health script"
                + " exited 1\"",
            "\"status\": \"FAILED\", \"endedAt\": \"2026-01-01T10:01:20Z\", \"reason\": \"Step"
                + " failed: health script exited 1\", \"continued\": false");

    // when
    List<String> summary = LiveView.summary(view);

    // then
    assertThat(summary)
        .containsSubsequence(
            "app          FAILED     2026-01-01T10:00:50Z     2026-01-01T10:01:20Z        30.0 s "
                + " drsjob-2",
            "             after action 'app-health' (SSM_AUTOMATION) failed: Step failed: health"
                + " script exited 1",
            "             after   app-health  SSM_AUTOMATION  FAILED     10.0 s  automation"
                + " auto-health  Step failed: health script exited 1",
            "web          SKIPPED    -                        -                                -  -",
            "             before  warm-cache  HTTP_CHECK      SKIPPED")
        .contains(
            "             after   smoke        HTTP_CHECK      FAILED     10.0 s  (continued)  HTTP"
                + " 503  expected HTTP 200, got 503");
  }

  @Test
  void givenAWaveWithoutActions_whenDrawn_thenNoStepLines() throws Exception {
    JsonNode view =
        JSON.readTree(
            """
            {"executionId": "e-1", "planId": "p", "planVersion": 1, "mode": "DRILL",
             "status": "RUNNING", "startedAt": "2026-01-01T10:00:00Z",
             "waves": [{"waveId": "db", "status": "RUNNING", "dependsOn": [], "attempt": 1,
                        "jobIds": ["drsjob-1"], "startedAt": "2026-01-01T10:00:00Z",
                        "servers": [], "actions": []}]}
            """);

    assertThat(LiveView.lines(view, Instant.parse("2026-01-01T10:00:10Z"))).hasSize(2);
  }
}
