package io.drsorch.drctl.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveViewTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode view(String status) throws Exception {
    return JSON.readTree(
        """
        {"executionId": "e-1", "planId": "diamond", "planVersion": 2, "mode": "DRILL",
         "status": "%s", "startedAt": "2026-01-01T10:00:00Z", "endedAt": null, "reason": null,
         "waves": [
          {"waveId": "db", "status": "COMPLETED", "dependsOn": [], "attempt": 1,
           "jobIds": ["drsjob-11111111111111111"], "startedAt": "2026-01-01T10:00:00Z",
           "endedAt": "2026-01-01T10:01:05Z", "reason": null,
           "servers": [{"sourceServerId": "s-1", "launchStatus": "LAUNCHED"},
                       {"sourceServerId": "s-2", "launchStatus": "LAUNCHED"}]},
          {"waveId": "app1", "status": "RUNNING", "dependsOn": ["db"], "attempt": 2,
           "jobIds": ["drsjob-22222222222222222"], "startedAt": "2026-01-01T10:01:05Z",
           "endedAt": null, "reason": null,
           "servers": [{"sourceServerId": "s-3", "launchStatus": "LAUNCHED"},
                       {"sourceServerId": "s-4", "launchStatus": "IN_PROGRESS"}]},
          {"waveId": "app2", "status": "FAILED", "dependsOn": ["db"], "attempt": 1,
           "jobIds": ["drsjob-33333333333333333"], "startedAt": "2026-01-01T10:01:05Z",
           "endedAt": "2026-01-01T10:02:00Z", "reason": "servers not launched: s-5 FAILED",
           "servers": [{"sourceServerId": "s-5", "launchStatus": "FAILED"}]},
          {"waveId": "web", "status": "PENDING", "dependsOn": ["app1", "app2"], "attempt": 0,
           "jobIds": [], "startedAt": null, "endedAt": null, "reason": null,
           "servers": [{"sourceServerId": "s-6", "launchStatus": "PENDING"}]}]}
        """
            .formatted(status));
  }

  @Test
  void givenRunningDiamond_whenDrawn_thenOneLinePerWaveWithProgressJobsAndWhatAPendingWaveAwaits()
      throws Exception {
    // when
    List<String> lines = LiveView.lines(view("RUNNING"), Instant.parse("2026-01-01T10:02:30Z"));

    // then
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0)).contains("DRILL e-1", "plan diamond v2", "RUNNING", "2:30");
    assertThat(lines.get(1))
        .contains("db", "[####################]", "2/2", "COMPLETED", "1:05", "drsjob-111");
    assertThat(lines.get(2)).contains("app1", "[##########..........]", "1/2", "attempt 2");
    assertThat(lines.get(3)).contains("app2", "FAILED", "servers not launched: s-5 FAILED");
    assertThat(lines.get(4)).contains("web", "0/1", "PENDING", "waiting for app1, app2");
  }

  @Test
  void givenEndedExecution_whenSummarised_thenEachWaveWithDurationJobsAndFailedServers()
      throws Exception {
    List<String> summary = LiveView.summary(view("FAILED"));

    assertThat(String.join("\n", summary))
        .contains("db           COMPLETED")
        .contains("65.0 s")
        .contains("server s-5 FAILED")
        .contains("execution e-1 FAILED");
  }

  @Test
  void clockAndBar() {
    assertThat(LiveView.clock(java.time.Duration.ofSeconds(3725))).isEqualTo("1:02:05");
    assertThat(LiveView.bar(0, 0)).isEqualTo("[....................]");
  }
}
