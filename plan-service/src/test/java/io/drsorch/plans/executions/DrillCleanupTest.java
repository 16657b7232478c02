package io.drsorch.plans.executions;

import static io.drsorch.plans.Json.server;
import static io.drsorch.plans.Json.uniqueId;
import static io.drsorch.plans.executions.TestViews.LOCAL_OPERATOR;
import static io.drsorch.plans.executions.TestViews.command;
import static io.drsorch.plans.executions.TestViews.execution;
import static io.drsorch.plans.executions.TestViews.publish;
import static io.drsorch.plans.executions.TestViews.wave;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.drsorch.avro.CleanUpExecution;
import io.drsorch.avro.CleanupView;
import io.drsorch.avro.ExecutionCommand;
import io.drsorch.avro.ExecutionMode;
import io.drsorch.avro.ExecutionStatus;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.LaunchStatus;
import io.drsorch.avro.WaveStatus;
import io.drsorch.plans.KafkaTestResource;
import io.drsorch.plans.TestKafka;
import io.drsorch.plans.identity.AccessCheck;
import io.drsorch.plans.identity.Requires;
import io.drsorch.plans.identity.Role;
import io.drsorch.schemas.topics.Topics;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code POST /executions/{id}/cleanup}: each answer the service gives from the scheduler's view,
 * and the one command it sends, read back from drs.execution-commands.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class DrillCleanupTest {

  /** How long the topic is read to be sure no command was sent: publishing is acknowledged. */
  private static final Duration NONE_SENT = Duration.ofSeconds(3);

  private static final String DB = server(501);

  private static ExecutionUpdated.Builder ended(ExecutionMode mode, ExecutionStatus status) {
    return execution(
            UUID.randomUUID().toString(),
            uniqueId("plan"),
            status,
            wave(
                    "db",
                    WaveStatus.COMPLETED,
                    TestViews.server(DB, LaunchStatus.LAUNCHED, TestViews.job(7)))
                .build())
        .setMode(mode);
  }

  private static ValidatableResponse cleanUp(String executionId) {
    return given().post("/executions/{id}/cleanup", executionId).then();
  }

  /** Every CleanUpExecution of this execution on the topic. */
  private static List<CleanUpExecution> cleanUpsOf(String executionId) {
    List<CleanUpExecution> sent = new ArrayList<>();
    TestKafka.find(
        Topics.EXECUTION_COMMANDS,
        (ConsumerRecord<String, ExecutionCommand> r) -> {
          if (r.value().getCommand() instanceof CleanUpExecution c
              && c.getExecutionId().equals(executionId)) {
            sent.add(c);
          }
          return false;
        },
        NONE_SENT);
    return sent;
  }

  @Test
  void givenAnUnknownExecution_whenCleanedUp_then404() {
    cleanUp(UUID.randomUUID().toString())
        .statusCode(404)
        .body("error", containsString("is not known"));
  }

  @Test
  void givenARecovery_whenCleanedUp_then409SayingItsInstancesAreTheRecoveredSystems()
      throws Exception {
    // given
    String executionId =
        publish(ended(ExecutionMode.RECOVERY, ExecutionStatus.COMPLETED).build()).getExecutionId();

    // then
    cleanUp(executionId)
        .statusCode(409)
        .body(
            "error",
            equalTo(
                "execution "
                    + executionId
                    + " is a RECOVERY: a RECOVERY's instances are the recovered systems: they are"
                    + " never cleaned up by the orchestrator"));
    assertThat(cleanUpsOf(executionId)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(
      value = ExecutionStatus.class,
      names = {"RUNNING", "PAUSED"})
  void givenADrillUnderway_whenCleanedUp_then409NamingItsStatus(ExecutionStatus status)
      throws Exception {
    // given
    String executionId = publish(ended(ExecutionMode.DRILL, status).build()).getExecutionId();

    // then
    cleanUp(executionId)
        .statusCode(409)
        .body(
            "error",
            equalTo(
                "execution "
                    + executionId
                    + " is "
                    + status
                    + ": clean up a drill once it has ended (cancel it first to end it now)"));
    assertThat(cleanUpsOf(executionId)).isEmpty();
  }

  @Test
  void givenARejectedDrill_whenCleanedUp_then409ItLaunchedNothing() throws Exception {
    // given
    String executionId =
        publish(ended(ExecutionMode.DRILL, ExecutionStatus.REJECTED).setWaves(List.of()).build())
            .getExecutionId();

    // then
    cleanUp(executionId)
        .statusCode(409)
        .body("error", containsString("was REJECTED: it launched nothing"));
    assertThat(cleanUpsOf(executionId)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(
      value = ExecutionStatus.class,
      names = {"COMPLETED", "FAILED", "CANCELLED", "TIMED_OUT"})
  void givenAnEndedDrill_whenCleanedUp_then202RequestedAndTheCommandOnTheTopic(
      ExecutionStatus status) throws Exception {
    // given
    String executionId = publish(ended(ExecutionMode.DRILL, status).build()).getExecutionId();

    // when
    String commandId =
        cleanUp(executionId)
            .statusCode(202)
            .body("executionId", equalTo(executionId))
            .body("cleanup.status", equalTo("REQUESTED"))
            .body("cleanup.requestedBy", equalTo(LOCAL_OPERATOR))
            .body("cleanup.requestedAt", notNullValue())
            .body("cleanup.terminatedInstanceIds", org.hamcrest.Matchers.empty())
            .extract()
            .path("commandId");

    // then
    ConsumerRecord<String, ExecutionCommand> record = command(commandId);
    assertThat(record.key()).isEqualTo(executionId);
    CleanUpExecution cleanUp = (CleanUpExecution) record.value().getCommand();
    assertThat(cleanUp.getExecutionId()).isEqualTo(executionId);
    assertThat(cleanUp.getRequestedBy()).isEqualTo(LOCAL_OPERATOR);
    assertThat(cleanUp.getCausationId()).isNull();
    assertThat(cleanUp.getOccurredAt()).isNotNull();
  }

  @Test
  void givenACleanupUnderway_whenCleanedUpAgain_then202WithItsStateAndNoSecondCommand()
      throws Exception {
    // given: the first request sent its command, and the scheduler took it up
    ExecutionUpdated view = publish(ended(ExecutionMode.DRILL, ExecutionStatus.COMPLETED).build());
    String executionId = view.getExecutionId();
    cleanUp(executionId).statusCode(202).body("cleanup.status", equalTo("REQUESTED"));
    Instant requestedAt = Instant.parse("2026-11-22T11:00:00.250Z");
    view.setSequence(2);
    view.setCleanup(
        CleanupView.newBuilder()
            .setStatus("RUNNING")
            .setRequestedBy("alice")
            .setRequestedAt(requestedAt)
            .setJobIds(List.of("drsjob-00000000000000099"))
            .setInstanceIds(List.of("i-0123456789abcdef0"))
            .build());
    publishCleanup(view);

    // when
    cleanUp(executionId)
        .statusCode(202)
        .body("executionId", equalTo(executionId))
        .body("$", not(hasKey("commandId")))
        .body("cleanup.status", equalTo("RUNNING"))
        .body("cleanup.requestedBy", equalTo("alice"))
        .body("cleanup.requestedAt", equalTo("2026-11-22T11:00:00.250Z"))
        .body("cleanup.endedAt", nullValue())
        .body("cleanup.jobIds", contains("drsjob-00000000000000099"))
        .body("cleanup.instanceIds", contains("i-0123456789abcdef0"));

    // then: only the first request's command
    assertThat(cleanUpsOf(executionId)).hasSize(1);
  }

  @Test
  void givenACompletedCleanup_whenCleanedUpAgain_then202WithWhatWasTerminated() throws Exception {
    // given
    ExecutionUpdated view =
        ended(ExecutionMode.DRILL, ExecutionStatus.FAILED)
            .setCleanup(
                CleanupView.newBuilder()
                    .setStatus("COMPLETED")
                    .setRequestedBy("drillCleanupAfterMinutes")
                    .setRequestedAt(Instant.parse("2026-11-22T11:00:00Z"))
                    .setEndedAt(Instant.parse("2026-11-22T11:03:00Z"))
                    .setJobIds(List.of("drsjob-00000000000000098"))
                    .setInstanceIds(List.of("i-0123456789abcdef0"))
                    .setTerminatedInstanceIds(List.of("i-0123456789abcdef0"))
                    .build())
            .build();
    publish(view);

    // then
    cleanUp(view.getExecutionId())
        .statusCode(202)
        .body("cleanup.status", equalTo("COMPLETED"))
        .body("cleanup.endedAt", equalTo("2026-11-22T11:03:00Z"))
        .body("cleanup.terminatedInstanceIds", contains("i-0123456789abcdef0"));
    assertThat(cleanUpsOf(view.getExecutionId())).isEmpty();
  }

  @Test
  void givenTheEndpoint_thenOnlyTheOperatorsRoleMayCleanUp() throws Exception {
    // given
    Role[] roles =
        DrillCleanupResource.class
            .getMethod("cleanUp", String.class)
            .getAnnotation(Requires.class)
            .value();

    // then: the role that starts a drill ends it; a viewer or a recovery-only token may not
    assertThat(roles).containsExactly(Role.OPERATOR);
    for (String held : List.of("viewer", "recovery", "planner")) {
      AccessCheck.Refusal refusal =
          AccessCheck.check(
              new AccessCheck.Caller("vic", Set.of(held)), roles, "POST /executions/e/cleanup");
      assertThat(refusal.status()).as(held).isEqualTo(403);
      assertThat(refusal.message()).contains("role 'operator' required");
    }
    assertThat(
            AccessCheck.check(
                new AccessCheck.Caller("olga", Set.of("operator")),
                roles,
                "POST /executions/e/cleanup"))
        .isNull();
  }

  /** Writes a later view of the same execution and waits until the service shows its cleanup. */
  private static void publishCleanup(ExecutionUpdated view) throws Exception {
    TestKafka.produce(Topics.EXECUTIONS, view.getExecutionId(), view);
    org.awaitility.Awaitility.await()
        .atMost(TestViews.READ_TIMEOUT)
        .untilAsserted(
            () ->
                given()
                    .get("/executions/{id}", view.getExecutionId())
                    .then()
                    .body("cleanup.status", equalTo(view.getCleanup().getStatus())));
  }
}
