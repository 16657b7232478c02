package io.drsorch.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drsorch.simulator.ssm.AutomationOutcome;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.AutomationDefinitionNotFoundException;
import software.amazon.awssdk.services.ssm.model.AutomationDefinitionVersionNotFoundException;
import software.amazon.awssdk.services.ssm.model.AutomationExecution;
import software.amazon.awssdk.services.ssm.model.AutomationExecutionNotFoundException;
import software.amazon.awssdk.services.ssm.model.AutomationExecutionStatus;
import software.amazon.awssdk.services.ssm.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.services.ssm.model.StartAutomationExecutionRequest;

/**
 * SSM automation driven by the real SDK's {@code SsmClient}: executions run for their document's
 * duration on a hand-moved clock and end as the document says; client tokens make a retried start
 * start nothing new; errors reach the SDK as its typed exceptions.
 */
class SsmAutomationTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RUNBOOK = "Drs-PostLaunch-Validate";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00.250Z"));
  private final HttpClient http = HttpClient.newHttpClient();
  private DrsSimulator simulator;
  private SsmClient ssm;

  @BeforeEach
  void start() {
    simulator = DrsSimulator.start("127.0.0.1", 0, clock);
    simulator.defineAutomationDocument(
        RUNBOOK, AutomationOutcome.Success, Duration.ofSeconds(2), null);
    ssm = SsmClients.withoutRetries(simulator.endpoint());
  }

  @AfterEach
  void stop() {
    ssm.close();
    simulator.close();
  }

  private String start(String document, Map<String, List<String>> parameters, String token) {
    return ssm.startAutomationExecution(
            StartAutomationExecutionRequest.builder()
                .documentName(document)
                .parameters(parameters)
                .clientToken(token)
                .build())
        .automationExecutionId();
  }

  private AutomationExecution get(String id) {
    return ssm.getAutomationExecution(r -> r.automationExecutionId(id)).automationExecution();
  }

  private JsonNode admin(String method, String path) throws Exception {
    return JSON.readTree(AdminHttp.send(http, simulator.endpoint(), method, path, null).body());
  }

  @Test
  void givenASucceedingDocument_whenStarted_thenInProgressUntilItsDurationThenSuccess() {
    // given
    Instant startedAt = clock.instant();

    // when
    String id = start(RUNBOOK, Map.of("InstanceId", List.of("i-0123456789abcdef0")), null);
    AutomationExecution running = get(id);
    clock.advanceSeconds(1.999);
    AutomationExecution almost = get(id);
    clock.advanceSeconds(0.001);
    AutomationExecution done = get(id);

    // then
    assertThat(UUID.fromString(id)).hasToString(id);
    assertThat(running.automationExecutionStatus())
        .isEqualTo(AutomationExecutionStatus.IN_PROGRESS);
    assertThat(running.documentName()).isEqualTo(RUNBOOK);
    assertThat(running.documentVersion()).isEqualTo("1");
    assertThat(running.executionStartTime()).isEqualTo(startedAt);
    assertThat(running.executionEndTime()).isNull();
    assertThat(running.parameters()).containsEntry("InstanceId", List.of("i-0123456789abcdef0"));
    assertThat(almost.automationExecutionStatus()).isEqualTo(AutomationExecutionStatus.IN_PROGRESS);
    assertThat(done.automationExecutionStatus()).isEqualTo(AutomationExecutionStatus.SUCCESS);
    assertThat(done.executionEndTime()).isEqualTo(startedAt.plusSeconds(2));
    assertThat(done.failureMessage()).isNull();
  }

  @Test
  void givenAFailingDocument_whenItsDurationHasPassed_thenFailedWithItsMessage() {
    // given
    simulator.defineAutomationDocument(
        "Drs-Failing", AutomationOutcome.Failed, Duration.ofSeconds(3), "Step checkApp failed");
    simulator.defineAutomationDocument(
        "Drs-Slow", AutomationOutcome.TimedOut, Duration.ofSeconds(3), null);

    // when
    String failing = start("Drs-Failing", Map.of(), null);
    String slow = start("Drs-Slow", Map.of(), null);
    AutomationExecution failingWhileRunning = get(failing);
    clock.advanceSeconds(3);

    // then
    assertThat(failingWhileRunning.automationExecutionStatus())
        .isEqualTo(AutomationExecutionStatus.IN_PROGRESS);
    assertThat(failingWhileRunning.failureMessage()).isNull();
    assertThat(get(failing).automationExecutionStatus())
        .isEqualTo(AutomationExecutionStatus.FAILED);
    assertThat(get(failing).failureMessage()).isEqualTo("Step checkApp failed");
    assertThat(get(slow).automationExecutionStatus())
        .isEqualTo(AutomationExecutionStatus.TIMED_OUT);
    assertThat(get(slow).failureMessage()).isEqualTo("The automation execution timed out.");
  }

  @Test
  void givenAClientToken_whenTheSameStartIsRetried_thenTheSameExecutionAndNothingNewStarts()
      throws Exception {
    // given
    String token = UUID.randomUUID().toString();
    Map<String, List<String>> parameters = Map.of("Wave", List.of("db"), "Drill", List.of("true"));
    String first = start(RUNBOOK, parameters, token);

    // when
    clock.advanceSeconds(5);
    String retried = start(RUNBOOK, parameters, token);
    String retriedInUpperCase = start(RUNBOOK, parameters, token.toUpperCase());
    JsonNode listed = admin("GET", "/_sim/ssm/executions").path("executions");
    JsonNode calls = admin("GET", "/_sim/stats").path("calls");

    // then
    assertThat(retried).isEqualTo(first);
    assertThat(retriedInUpperCase).as("tokens are case insensitive").isEqualTo(first);
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).path("id").asText()).isEqualTo(first);
    assertThat(listed.get(0).path("clientToken").asText()).isEqualTo(token);
    assertThat(listed.get(0).path("documentName").asText()).isEqualTo(RUNBOOK);
    assertThat(listed.get(0).path("parameters").path("Wave").get(0).asText()).isEqualTo("db");
    assertThat(listed.get(0).path("region").asText()).isEqualTo("us-east-1");
    assertThat(listed.get(0).path("accountId").asText()).isEqualTo("123456789012");
    assertThat(listed.get(0).path("status").asText()).isEqualTo("Success");
    assertThat(listed.get(0).path("startedAt").asText()).isEqualTo("2026-11-22T10:00:00.250Z");
    assertThat(calls.path("StartAutomationExecution").asLong()).isEqualTo(3);
    assertThat(simulator.automationExecutions()).hasSize(1);
  }

  @Test
  void givenAUsedClientToken_whenStartedWithOtherParametersOrDocument_thenMismatchAndNoStart() {
    // given
    simulator.defineAutomationDocument(
        "Drs-Other", AutomationOutcome.Success, Duration.ofSeconds(1), null);
    String token = UUID.randomUUID().toString();
    start(RUNBOOK, Map.of("Wave", List.of("db")), token);

    // when
    IdempotentParameterMismatchException otherParameters =
        catchThrowableOfType(
            IdempotentParameterMismatchException.class,
            () -> start(RUNBOOK, Map.of("Wave", List.of("api")), token));
    IdempotentParameterMismatchException otherDocument =
        catchThrowableOfType(
            IdempotentParameterMismatchException.class,
            () -> start("Drs-Other", Map.of("Wave", List.of("db")), token));

    // then
    assertThat(otherParameters.statusCode()).isEqualTo(400);
    assertThat(otherParameters.awsErrorDetails().errorCode())
        .isEqualTo("IdempotentParameterMismatch");
    assertThat(otherParameters.awsErrorDetails().errorMessage()).contains(token);
    assertThat(otherDocument).isNotNull();
    assertThat(simulator.automationExecutions()).hasSize(1);
    assertThat(simulator.refusalCounts())
        .containsEntry("StartAutomationExecution", Map.of("IdempotentParameterMismatch", 2L));
  }

  @Test
  void givenAnUnknownDocumentOrVersion_whenStarted_thenTheSdksTypedExceptions() {
    // when
    AutomationDefinitionNotFoundException unknown =
        catchThrowableOfType(
            AutomationDefinitionNotFoundException.class,
            () -> start("No-Such-Runbook", Map.of(), null));
    AutomationDefinitionVersionNotFoundException unknownVersion =
        catchThrowableOfType(
            AutomationDefinitionVersionNotFoundException.class,
            () -> ssm.startAutomationExecution(r -> r.documentName(RUNBOOK).documentVersion("7")));

    // then
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.awsErrorDetails().errorMessage()).contains("No-Such-Runbook");
    assertThat(unknownVersion.awsErrorDetails().errorMessage()).contains("7");
    assertThat(simulator.automationExecutions()).isEmpty();
  }

  @Test
  void givenAnUnknownExecution_whenGotOrStopped_thenAutomationExecutionNotFound() {
    // given
    String unknownId = UUID.randomUUID().toString();

    // when
    AutomationExecutionNotFoundException got =
        catchThrowableOfType(AutomationExecutionNotFoundException.class, () -> get(unknownId));
    AutomationExecutionNotFoundException stopped =
        catchThrowableOfType(
            AutomationExecutionNotFoundException.class,
            () -> ssm.stopAutomationExecution(r -> r.automationExecutionId(unknownId)));

    // then
    assertThat(got.statusCode()).isEqualTo(400);
    assertThat(got.awsErrorDetails().errorMessage()).contains(unknownId);
    assertThat(stopped).isNotNull();
  }

  @Test
  void givenARunningExecution_whenStopped_thenCancelledForGoodAndAnEndedOneStaysAsItEnded() {
    // given
    String running = start(RUNBOOK, Map.of(), null);
    String ended = start(RUNBOOK, Map.of(), null);
    clock.advanceSeconds(1);
    ssm.stopAutomationExecution(r -> r.automationExecutionId(running));
    Instant stoppedAt = clock.instant();
    clock.advanceSeconds(5);

    // when
    ssm.stopAutomationExecution(r -> r.automationExecutionId(ended).type("Cancel"));
    AutomationExecution cancelled = get(running);

    // then
    assertThat(cancelled.automationExecutionStatus())
        .isEqualTo(AutomationExecutionStatus.CANCELLED);
    assertThat(cancelled.executionEndTime()).isEqualTo(stoppedAt);
    assertThat(cancelled.failureMessage()).isNull();
    assertThat(get(ended).automationExecutionStatus()).isEqualTo(AutomationExecutionStatus.SUCCESS);
  }

  @Test
  void givenADocumentRedefined_whenStartedAgain_thenTheNewVersionRunsAndEarlierOnesKeepTheirs() {
    // given
    String before = start(RUNBOOK, Map.of(), null);

    // when
    simulator.defineAutomationDocument(
        RUNBOOK, AutomationOutcome.Failed, Duration.ofSeconds(1), "broken now");
    String after = start(RUNBOOK, Map.of(), null);
    String pinned =
        ssm.startAutomationExecution(r -> r.documentName(RUNBOOK).documentVersion("1"))
            .automationExecutionId();
    String latest =
        ssm.startAutomationExecution(r -> r.documentName(RUNBOOK).documentVersion("$LATEST"))
            .automationExecutionId();
    clock.advanceSeconds(2);

    // then
    assertThat(get(before).automationExecutionStatus())
        .isEqualTo(AutomationExecutionStatus.SUCCESS);
    assertThat(get(after).automationExecutionStatus()).isEqualTo(AutomationExecutionStatus.FAILED);
    assertThat(get(after).documentVersion()).isEqualTo("2");
    assertThat(get(pinned).automationExecutionStatus())
        .isEqualTo(AutomationExecutionStatus.SUCCESS);
    assertThat(get(latest).failureMessage()).isEqualTo("broken now");
  }

  @Test
  void givenAnExecutionInOneRegion_whenReadFromAnotherRegion_thenNotFound() {
    // given
    String id = start(RUNBOOK, Map.of(), null);

    // when
    AutomationExecutionNotFoundException e;
    try (SsmClient west =
        SsmClients.withoutRetries(
            simulator.endpoint(), "us-west-2", DrsClients.DEFAULT_CREDENTIALS)) {
      e =
          catchThrowableOfType(
              AutomationExecutionNotFoundException.class,
              () -> west.getAutomationExecution(r -> r.automationExecutionId(id)));
      west.startAutomationExecution(r -> r.documentName(RUNBOOK));
    }

    // then
    assertThat(e).isNotNull();
    assertThat(simulator.automationExecutions())
        .extracting(execution -> execution.region())
        .containsExactly("us-east-1", "us-west-2");
  }

  @Test
  void givenCredentialsOfAnAssumedRole_whenStarting_thenTheExecutionIsTheRolesAccounts() {
    // given
    String token = UUID.randomUUID().toString();
    start(RUNBOOK, Map.of(), token);

    // when
    String other;
    StsClients.AssumedRole assumed =
        StsClients.assumingRole(simulator, StsClients.ROLE_ARN, "ssm-runner");
    try (assumed;
        SsmClient inOtherAccount =
            SsmClients.withoutRetries(simulator.endpoint(), "us-east-1", assumed.credentials())) {
      other =
          inOtherAccount
              .startAutomationExecution(r -> r.documentName(RUNBOOK).clientToken(token))
              .automationExecutionId();
    }

    // then: the same token in another account is another start
    assertThat(simulator.automationExecutions())
        .extracting(execution -> execution.accountId())
        .containsExactly("123456789012", StsClients.OTHER_ACCOUNT);
    assertThat(simulator.automationExecutions().get(1).id()).isEqualTo(other);
  }

  @Test
  void givenAMalformedClientTokenOrExecutionId_whenCalled_thenValidationExceptionNamingIt() {
    // when
    SsmException token =
        catchThrowableOfType(
            SsmException.class, () -> start(RUNBOOK, Map.of(), "wave-db-attempt-1"));
    SsmException executionId = catchThrowableOfType(SsmException.class, () -> get("exec-1"));

    // then
    assertThat(token.statusCode()).isEqualTo(400);
    assertThat(token.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
    assertThat(token.awsErrorDetails().errorMessage())
        .contains("'wave-db-attempt-1' at 'clientToken'");
    assertThat(executionId.awsErrorDetails().errorMessage())
        .contains("at 'automationExecutionId'")
        .contains("greater than or equal to 36");
    assertThat(simulator.automationExecutions()).isEmpty();
  }
}
