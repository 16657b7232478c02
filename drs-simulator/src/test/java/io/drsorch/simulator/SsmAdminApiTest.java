package io.drsorch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.AutomationExecution;
import software.amazon.awssdk.services.ssm.model.AutomationExecutionStatus;

/**
 * The SSM part of the admin API over plain HTTP, as the end-to-end tests use it: defining
 * documents, listing them and the executions started, and the SSM calls among the call counts.
 */
class SsmAdminApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  private final HttpClient http = HttpClient.newHttpClient();
  private DrsSimulator simulator;
  private SsmClient ssm;

  @BeforeEach
  void start() {
    simulator = DrsSimulator.start("127.0.0.1", 0, clock);
    ssm = SsmClients.withoutRetries(simulator.endpoint());
  }

  @AfterEach
  void stop() {
    ssm.close();
    simulator.close();
  }

  private HttpResponse<String> call(String method, String path, String body) throws Exception {
    return AdminHttp.send(http, simulator.endpoint(), method, path, body);
  }

  private JsonNode json(String method, String path, String body) throws Exception {
    return JSON.readTree(call(method, path, body).body());
  }

  @Test
  void givenADocumentDefinedOverHttp_whenRedefined_thenEachDefinitionIsTheNextVersion()
      throws Exception {
    // when
    JsonNode first =
        json(
            "PUT",
            "/_sim/ssm/documents/Drs-Check",
            "{\"outcome\": \"Failed\", \"durationSeconds\": 2.5, \"failureMessage\": \"down\"}");
    JsonNode second =
        json(
            "PUT",
            "/_sim/ssm/documents/Drs-Check",
            "{\"durationSeconds\": 1, \"outputs\": {\"Url\": [\"https://app\"]}}");
    JsonNode listed = json("GET", "/_sim/ssm/documents", null).path("documents");

    // then
    assertThat(first.path("name").asText()).isEqualTo("Drs-Check");
    assertThat(first.path("version").asInt()).isEqualTo(1);
    assertThat(first.path("outcome").asText()).isEqualTo("Failed");
    assertThat(first.path("durationSeconds").asDouble()).isEqualTo(2.5);
    assertThat(first.path("failureMessage").asText()).isEqualTo("down");
    assertThat(second.path("version").asInt()).isEqualTo(2);
    assertThat(second.path("outcome").asText()).as("a redefinition replaces").isEqualTo("Success");
    assertThat(second.path("failureMessage").isNull()).isTrue();
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).path("version").asInt()).isEqualTo(2);
  }

  @Test
  void givenADocumentWithOutputs_whenItsExecutionSucceeds_thenTheSdkReadsThem() throws Exception {
    // given
    call(
        "PUT",
        "/_sim/ssm/documents/Drs-Check",
        "{\"durationSeconds\": 1, \"outputs\": {\"checkApp.Status\": [\"200\"]}}");
    String id =
        ssm.startAutomationExecution(r -> r.documentName("Drs-Check")).automationExecutionId();

    // when
    AutomationExecution running =
        ssm.getAutomationExecution(r -> r.automationExecutionId(id)).automationExecution();
    clock.advanceSeconds(1);
    AutomationExecution done =
        ssm.getAutomationExecution(r -> r.automationExecutionId(id)).automationExecution();

    // then
    assertThat(running.outputs()).isEmpty();
    assertThat(done.outputs()).isEqualTo(Map.of("checkApp.Status", List.of("200")));
  }

  @Test
  void givenADocumentNamedByArn_whenDefinedAndStarted_thenTheWholeArnIsItsName() throws Exception {
    // given
    String arn = "arn:aws:ssm:us-east-1:123456789012:document/Drs-Check";

    // when
    HttpResponse<String> defined = call("PUT", "/_sim/ssm/documents/" + arn, "{}");
    String id = ssm.startAutomationExecution(r -> r.documentName(arn)).automationExecutionId();

    // then
    assertThat(defined.statusCode()).isEqualTo(200);
    assertThat(
            ssm.getAutomationExecution(r -> r.automationExecutionId(id))
                .automationExecution()
                .automationExecutionStatus())
        .as("0 s by default")
        .isEqualTo(AutomationExecutionStatus.SUCCESS);
  }

  @Test
  void givenExecutionsStarted_whenListedAndCounted_thenEachStartAndCallIsThere() throws Exception {
    // given
    call(
        "PUT",
        "/_sim/ssm/documents/Drs-Check",
        "{\"outcome\": \"TimedOut\", \"durationSeconds\": 5}");
    String id =
        ssm.startAutomationExecution(
                r -> r.documentName("Drs-Check").parameters(Map.of("Wave", List.of("db"))))
            .automationExecutionId();
    ssm.getAutomationExecution(r -> r.automationExecutionId(id));

    // when
    JsonNode running = json("GET", "/_sim/ssm/executions", null).path("executions").get(0);
    clock.advanceSeconds(5);
    JsonNode ended = json("GET", "/_sim/ssm/executions", null).path("executions").get(0);
    JsonNode stats = json("GET", "/_sim/stats", null);
    JsonNode reset = json("DELETE", "/_sim/stats", null);

    // then
    assertThat(running.path("id").asText()).isEqualTo(id);
    assertThat(running.path("status").asText()).isEqualTo("InProgress");
    assertThat(running.path("documentVersion").asText()).isEqualTo("1");
    assertThat(running.path("clientToken").isNull()).isTrue();
    assertThat(running.path("endedAt").isNull()).isTrue();
    assertThat(running.path("startedAt").asText()).isEqualTo("2026-11-22T10:00:00.000Z");
    assertThat(ended.path("status").asText()).isEqualTo("TimedOut");
    assertThat(ended.path("endedAt").asText()).isEqualTo("2026-11-22T10:00:05.000Z");
    assertThat(ended.path("failureMessage").asText())
        .isEqualTo("The automation execution timed out.");
    assertThat(stats.path("calls").path("StartAutomationExecution").asLong()).isEqualTo(1);
    assertThat(stats.path("calls").path("GetAutomationExecution").asLong()).isEqualTo(1);
    assertThat(reset.path("calls").size()).isZero();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Drs-Check|{\"outcome\": \"Succeeded\"}|outcome",
        "Drs-Check|{\"durationSeconds\": -1}|durationSeconds",
        "Drs-Check|{\"durationSeconds\": \"2\"}|durationSeconds",
        "Drs-Check|{\"duration\": 2}|duration",
        "Drs-Check|{\"failureMessage\": \"x\"}|failureMessage",
        "Drs-Check|{\"outcome\": \"Failed\", \"outputs\": {\"a\": [\"b\"]}}|outputs",
        "Drs-Check|{\"outputs\": {\"a\": \"b\"}}|outputs.a",
        "ab|{}|document name",
      })
  void givenABadDefinition_whenPut_then400NamingItAndNoDocument(String caseText) throws Exception {
    // given
    String[] parts = caseText.split("\\|");

    // when
    HttpResponse<String> refused = call("PUT", "/_sim/ssm/documents/" + parts[0], parts[1]);

    // then
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(refused.body()).path("message").asText()).contains(parts[2]);
    assertThat(json("GET", "/_sim/ssm/documents", null).path("documents")).isEmpty();
  }
}
