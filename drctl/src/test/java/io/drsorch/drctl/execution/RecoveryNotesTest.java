package io.drsorch.drctl.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class RecoveryNotesTest {

  private static JsonNode json(String text) throws Exception {
    return new ObjectMapper().readTree(text.replace('\'', '"'));
  }

  @Test
  void givenAPointInTimeDrillThatMetItsRto_whenNoted_thenPointRtoAndWorstRecoveryPointAreShown()
      throws Exception {
    JsonNode view =
        json(
            "{'pointInTime': '2026-12-01T10:00:00Z',"
                + " 'rto': {'targetMinutes': 30, 'measuredSeconds': 540, 'met': true},"
                + " 'waves': [{'servers': [{'rpoSeconds': 600}, {'rpoSeconds': 7260}]}]}");

    assertThat(RecoveryNotes.of(view))
        .containsExactly(
            "point in time 2026-12-01T10:00:00Z: every server launches from its newest snapshot at"
                + " or before it",
            "recovery time "
                + LiveView.clock(java.time.Duration.ofSeconds(540)).strip()
                + " against an RTO of 30 min: met",
            "worst recovery point: "
                + LiveView.clock(java.time.Duration.ofSeconds(7260)).strip()
                + " old");
  }

  @Test
  void givenAWarnedRunThatFailed_whenNoted_thenTheProblemsAndTheMissedRtoAreShown()
      throws Exception {
    JsonNode view =
        json(
            "{'preflight': {'mode': 'WARN', 'serversChecked': 3, 'problems': [{'sourceServerId':"
                + " 's-1', 'waveId': 'db', 'problems': ['replication is STALLED']}]},"
                + " 'rto': {'targetMinutes': 30, 'measuredSeconds': null, 'met': false}}");

    assertThat(RecoveryNotes.of(view))
        .containsExactly(
            "pre-flight (WARN): 1 of 3 servers not ready",
            "  s-1 (wave db): replication is STALLED",
            "RTO 30 min: NOT met (nothing recovered)");
  }

  @Test
  void givenAPlainDrill_whenNoted_thenNothingIsAdded() throws Exception {
    assertThat(RecoveryNotes.of(json("{'waves': [{'servers': [{}]}]}"))).isEmpty();
  }

  @Test
  void givenAnEndedDrill_whenNoted_thenItsCleanupOrTheCommandThatDoesItIsShown() throws Exception {
    String drill =
        "{'executionId': 'e-1', 'mode': 'DRILL', 'status': 'COMPLETED', 'endedAt':"
            + " '2026-12-01T10:00:00Z', 'waves': [{'servers': [{'recoveryInstanceId': 'i-1'},"
            + " {'recoveryInstanceId': 'i-2'}]}]";

    assertThat(RecoveryNotes.of(json(drill + "}")))
        .containsExactly("2 drill instances still running: terminate with drctl cleanup e-1");
    assertThat(
            RecoveryNotes.of(
                json(
                    drill
                        + ", 'cleanup': {'status': 'COMPLETED', 'requestedBy': 'carol',"
                        + " 'instanceIds': ['i-1', 'i-2'], 'terminatedInstanceIds': ['i-1',"
                        + " 'i-2']}}")))
        .containsExactly("cleanup COMPLETED (asked by carol): 2 of 2 instances terminated");
  }
}
