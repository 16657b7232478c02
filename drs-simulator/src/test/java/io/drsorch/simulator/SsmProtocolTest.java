package io.drsorch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drsorch.simulator.ssm.AutomationOutcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.drs.DrsClient;

/**
 * SSM's JSON 1.1 wire format as the simulator writes it, read without the SDK: the content type,
 * timestamps as epoch-second numbers, errors as {@code __type} and {@code message}; and SSM sharing
 * {@code POST /} with STS and the DRS API without taking their requests.
 */
class SsmProtocolTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant START = Instant.parse("2026-11-22T10:00:00.250Z");

  private final MutableClock clock = new MutableClock(START);
  private final HttpClient http = HttpClient.newHttpClient();
  private DrsSimulator simulator;

  @BeforeEach
  void start() {
    simulator = DrsSimulator.start("127.0.0.1", 0, clock);
    simulator.defineAutomationDocument(
        "Drs-Check", AutomationOutcome.Failed, Duration.ofSeconds(1), "no answer on :443");
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  private HttpResponse<String> post(String target, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(simulator.endpoint() + "/"))
            .header("X-Amz-Target", target)
            .header("Content-Type", "application/x-amz-json-1.1")
            .header(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=test/20261122/eu-west-1/ssm/aws4_request,"
                    + " SignedHeaders=host, Signature=00")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void givenAnEndedExecution_whenGot_thenJson11WithEpochSecondTimestamps() throws Exception {
    // given
    String id =
        JSON.readTree(
                post("AmazonSSM.StartAutomationExecution", "{\"DocumentName\": \"Drs-Check\"}")
                    .body())
            .path("AutomationExecutionId")
            .asText();
    clock.advanceSeconds(1);

    // when
    HttpResponse<String> answer =
        post("AmazonSSM.GetAutomationExecution", "{\"AutomationExecutionId\": \"" + id + "\"}");
    JsonNode execution = JSON.readTree(answer.body()).path("AutomationExecution");

    // then
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
    assertThat(answer.body())
        .contains("\"ExecutionStartTime\":" + START.getEpochSecond() + ".250")
        .contains("\"ExecutionEndTime\":" + (START.getEpochSecond() + 1) + ".250");
    assertThat(execution.path("ExecutionStartTime").isNumber()).isTrue();
    assertThat(execution.path("AutomationExecutionStatus").asText()).isEqualTo("Failed");
    assertThat(execution.path("FailureMessage").asText()).isEqualTo("no answer on :443");
    assertThat(simulator.automationExecutions().get(0).region())
        .as("the region of the signature")
        .isEqualTo("eu-west-1");
  }

  @Test
  void givenAnUnknownExecution_whenGot_then400WithTypeAndMessage() throws Exception {
    // when
    HttpResponse<String> answer =
        post(
            "AmazonSSM.GetAutomationExecution",
            "{\"AutomationExecutionId\": \"00000000-0000-0000-0000-000000000000\"}");

    // then
    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
    JsonNode error = JSON.readTree(answer.body());
    assertThat(error.path("__type").asText()).isEqualTo("AutomationExecutionNotFoundException");
    assertThat(error.path("message").asText()).contains("00000000-0000-0000-0000-000000000000");
  }

  @Test
  void givenAnOperationNotServedOrABodyNotJson_whenCalled_thenTheProtocolsErrors()
      throws Exception {
    // when
    HttpResponse<String> unknown = post("AmazonSSM.SendCommand", "{}");
    HttpResponse<String> notJson = post("AmazonSSM.StartAutomationExecution", "[1, 2]");
    HttpResponse<String> noName = post("AmazonSSM.StartAutomationExecution", "{}");

    // then
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(unknown.body()).path("__type").asText())
        .isEqualTo("UnknownOperationException");
    assertThat(JSON.readTree(notJson.body()).path("__type").asText())
        .isEqualTo("SerializationException");
    assertThat(JSON.readTree(noName.body()).path("message").asText())
        .isEqualTo(
            "1 validation error detected: Value null at 'documentName' failed to satisfy"
                + " constraint: Member must not be null");
    assertThat(simulator.refusalCounts()).containsKeys("SendCommand", "StartAutomationExecution");
    assertThat(simulator.automationExecutions()).isEmpty();
  }

  @Test
  void givenSsmOnTheRoot_whenStsAndDrsAreCalledThere_thenEachStillAnswersItsOwn() throws Exception {
    // when
    HttpResponse<String> sts =
        http.send(
            HttpRequest.newBuilder(URI.create(simulator.endpoint() + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "Action=AssumeRole&Version=2011-06-15&RoleArn="
                            + "arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fx&RoleSessionName=s1"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    int jobs;
    try (DrsClient drs = DrsClients.withoutRetries(simulator.endpoint())) {
      jobs = drs.describeJobs(r -> {}).items().size();
    }

    // then
    assertThat(sts.statusCode()).isEqualTo(200);
    assertThat(sts.body()).contains("<AssumeRoleResponse");
    assertThat(jobs).isZero();
    assertThat(simulator.callCounts()).containsEntry("AssumeRole", 1L);
    assertThat(simulator.callCounts()).containsEntry("DescribeJobs", 1L);
  }
}
