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
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.drsorch.avro.ApproveWave;
import io.drsorch.avro.ExecutionCommand;
import io.drsorch.avro.ExecutionStatus;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.LaunchStatus;
import io.drsorch.avro.PauseExecution;
import io.drsorch.avro.RejectWave;
import io.drsorch.avro.ResumeExecution;
import io.drsorch.avro.WaveStatus;
import io.drsorch.planmodel.validation.OperatorTexts;
import io.drsorch.plans.KafkaTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The operator's commands to an execution underway: approving or rejecting a wave at its approval
 * gate, pausing and resuming. Each is checked against the scheduler's current view, then published
 * to drs.execution-commands for the scheduler, which the tests read back.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class OperatorControlTest {

  private static final String DB = server(401);
  private static final String APP = server(402);

  /** db completed; app waits for approval (or is in {@code appStatus}). */
  private static ExecutionUpdated gated(ExecutionStatus status, WaveStatus appStatus)
      throws Exception {
    return publish(
        execution(
                UUID.randomUUID().toString(),
                uniqueId("plan"),
                status,
                wave(
                        "db",
                        WaveStatus.COMPLETED,
                        TestViews.server(DB, LaunchStatus.LAUNCHED, TestViews.job(1)))
                    .build(),
                wave("app", appStatus, TestViews.server(APP, LaunchStatus.PENDING, null))
                    .setDependsOn(java.util.List.of("db"))
                    .setApprovalRequired(true)
                    .build())
            .build());
  }

  private static ValidatableResponse post(String path, String body, Object... params) {
    var request = given();
    if (body != null) {
      request = request.contentType(ContentType.JSON).body(body);
    }
    return request.post(path, params).then();
  }

  // --- approve and reject ---------------------------------------------------------------------

  @Test
  void givenAWaveWaitingForApproval_whenApproved_then202AndApproveWaveWithTheComment()
      throws Exception {
    // given
    String executionId =
        gated(ExecutionStatus.RUNNING, WaveStatus.WAITING_APPROVAL).getExecutionId();

    // when
    String commandId =
        post(
                "/executions/{id}/waves/{wave}/approve",
                "{\"comment\": \"change board said yes\"}",
                executionId,
                "app")
            .statusCode(202)
            .body("executionId", equalTo(executionId))
            .body("waveId", equalTo("app"))
            .extract()
            .path("commandId");

    // then
    ConsumerRecord<String, ExecutionCommand> record = command(commandId);
    assertThat(record.key()).isEqualTo(executionId);
    assertThat(record.value().getCommand()).isInstanceOf(ApproveWave.class);
    ApproveWave approve = (ApproveWave) record.value().getCommand();
    assertThat(approve.getExecutionId()).isEqualTo(executionId);
    assertThat(approve.getWaveId()).isEqualTo("app");
    assertThat(approve.getRequestedBy()).isEqualTo(LOCAL_OPERATOR);
    assertThat(approve.getComment()).isEqualTo("change board said yes");
    assertThat(approve.getCausationId()).isNull();
    assertThat(approve.getOccurredAt()).isNotNull();
  }

  @Test
  void givenAPausedExecution_whenAWaitingWaveIsApprovedWithoutABody_then202AndNoComment()
      throws Exception {
    // given: approving while paused is allowed; the wave launches once resumed
    String executionId =
        gated(ExecutionStatus.PAUSED, WaveStatus.WAITING_APPROVAL).getExecutionId();

    // when
    String commandId =
        post("/executions/{id}/waves/{wave}/approve", null, executionId, "app")
            .statusCode(202)
            .extract()
            .path("commandId");

    // then
    ApproveWave approve = (ApproveWave) command(commandId).value().getCommand();
    assertThat(approve.getComment()).isNull();
  }

  @Test
  void givenAWaveWaitingForApproval_whenRejected_then202AndRejectWaveWithTheReason()
      throws Exception {
    // given
    String executionId =
        gated(ExecutionStatus.RUNNING, WaveStatus.WAITING_APPROVAL).getExecutionId();

    // when
    String commandId =
        post(
                "/executions/{id}/waves/{wave}/reject",
                "{\"reason\": \"app servers not patched\"}",
                executionId,
                "app")
            .statusCode(202)
            .body("executionId", equalTo(executionId))
            .body("waveId", equalTo("app"))
            .extract()
            .path("commandId");

    // then
    ConsumerRecord<String, ExecutionCommand> record = command(commandId);
    assertThat(record.key()).isEqualTo(executionId);
    RejectWave reject = (RejectWave) record.value().getCommand();
    assertThat(reject.getWaveId()).isEqualTo("app");
    assertThat(reject.getRequestedBy()).isEqualTo(LOCAL_OPERATOR);
    assertThat(reject.getReason()).isEqualTo("app servers not patched");
  }

  @ParameterizedTest
  @ValueSource(strings = {"approve", "reject"})
  void givenAWaveNotWaitingForApproval_whenAnswered_then409NamingItsStatus(String answer)
      throws Exception {
    // given
    String executionId = gated(ExecutionStatus.RUNNING, WaveStatus.RUNNING).getExecutionId();

    // then
    post("/executions/{id}/waves/{wave}/" + answer, null, executionId, "app")
        .statusCode(409)
        .body("error", equalTo("wave app is RUNNING, not WAITING_APPROVAL"));
    post("/executions/{id}/waves/{wave}/" + answer, null, executionId, "db")
        .statusCode(409)
        .body("error", equalTo("wave db is COMPLETED, not WAITING_APPROVAL"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"approve", "reject"})
  void givenAnUnknownExecutionOrWave_whenAnswered_then404(String answer) throws Exception {
    // given
    String executionId =
        gated(ExecutionStatus.RUNNING, WaveStatus.WAITING_APPROVAL).getExecutionId();

    // then
    post("/executions/{id}/waves/{wave}/" + answer, null, executionId, "web")
        .statusCode(404)
        .body("error", equalTo("execution " + executionId + " has no wave 'web'"));
    post("/executions/{id}/waves/{wave}/" + answer, null, UUID.randomUUID().toString(), "app")
        .statusCode(404);
  }

  @ParameterizedTest
  @ValueSource(strings = {"approve", "reject"})
  void givenAnEndedExecution_whenAWaveIsAnswered_then409NamingItsStatus(String answer)
      throws Exception {
    // given: a view that ended with the wave still shown waiting
    String executionId =
        gated(ExecutionStatus.CANCELLED, WaveStatus.WAITING_APPROVAL).getExecutionId();

    // then
    post("/executions/{id}/waves/{wave}/" + answer, null, executionId, "app")
        .statusCode(409)
        .body("error", equalTo("execution " + executionId + " already ended: CANCELLED"));
  }

  @Test
  void givenBadBodiesOrWaveIds_whenAnswered_then400AtTheirPaths() throws Exception {
    // given
    String executionId =
        gated(ExecutionStatus.RUNNING, WaveStatus.WAITING_APPROVAL).getExecutionId();
    String overlong = "c".repeat(OperatorTexts.MAX_LENGTH + 1);

    // then
    post("/executions/{id}/waves/app/approve", "{\"reason\": \"x\"}", executionId)
        .statusCode(400)
        .body("errors[0].path", equalTo("reason"))
        .body("errors[0].message", startsWith("unknown field 'reason'"));
    post("/executions/{id}/waves/app/reject", "{\"comment\": \"x\"}", executionId)
        .statusCode(400)
        .body("errors[0].path", equalTo("comment"));
    post("/executions/{id}/waves/app/approve", "{\"comment\": \"" + overlong + "\"}", executionId)
        .statusCode(400)
        .body("errors[0].path", equalTo("comment"))
        .body("errors[0].message", startsWith("comment is " + overlong.length() + " characters"));
    given()
        .urlEncodingEnabled(false)
        .post("/executions/" + executionId + "/waves/a;b/approve")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("waveId"))
        .body("errors[0].message", startsWith("malformed wave id 'a;b'"));
  }

  // --- pause and resume -----------------------------------------------------------------------

  @Test
  void givenARunningExecution_whenPaused_then202AndPauseExecutionWithTheReason() throws Exception {
    // given
    String executionId = gated(ExecutionStatus.RUNNING, WaveStatus.RUNNING).getExecutionId();

    // when
    String commandId =
        post("/executions/{id}/pause", "{\"reason\": \"network change window\"}", executionId)
            .statusCode(202)
            .body("executionId", equalTo(executionId))
            .extract()
            .path("commandId");

    // then
    ConsumerRecord<String, ExecutionCommand> record = command(commandId);
    assertThat(record.key()).isEqualTo(executionId);
    PauseExecution pause = (PauseExecution) record.value().getCommand();
    assertThat(pause.getExecutionId()).isEqualTo(executionId);
    assertThat(pause.getRequestedBy()).isEqualTo(LOCAL_OPERATOR);
    assertThat(pause.getReason()).isEqualTo("network change window");
  }

  @Test
  void givenAPausedExecution_whenResumed_then202AndResumeExecution() throws Exception {
    // given
    String executionId = gated(ExecutionStatus.PAUSED, WaveStatus.PENDING).getExecutionId();

    // when
    String commandId =
        post("/executions/{id}/resume", null, executionId)
            .statusCode(202)
            .body("executionId", equalTo(executionId))
            .extract()
            .path("commandId");

    // then
    ConsumerRecord<String, ExecutionCommand> record = command(commandId);
    assertThat(record.key()).isEqualTo(executionId);
    ResumeExecution resume = (ResumeExecution) record.value().getCommand();
    assertThat(resume.getExecutionId()).isEqualTo(executionId);
    assertThat(resume.getRequestedBy()).isEqualTo(LOCAL_OPERATOR);
  }

  @Test
  void givenAViewThatMayLag_whenPausingAPausedOrResumingARunningExecution_thenAccepted()
      throws Exception {
    // given
    String paused = gated(ExecutionStatus.PAUSED, WaveStatus.PENDING).getExecutionId();
    String running = gated(ExecutionStatus.RUNNING, WaveStatus.RUNNING).getExecutionId();

    // then: harmless for the scheduler, and the view may not show a resume or pause just sent
    String pause =
        post("/executions/{id}/pause", null, paused).statusCode(202).extract().path("commandId");
    String resume =
        post("/executions/{id}/resume", "{}", running).statusCode(202).extract().path("commandId");
    assertThat(command(pause).value().getCommand()).isInstanceOf(PauseExecution.class);
    assertThat(command(resume).value().getCommand()).isInstanceOf(ResumeExecution.class);
  }

  @ParameterizedTest
  @EnumSource(
      value = ExecutionStatus.class,
      names = {"RUNNING", "PAUSED"},
      mode = EnumSource.Mode.EXCLUDE)
  void givenAnEndedExecution_whenPausedOrResumed_then409NamingItsStatus(ExecutionStatus status)
      throws Exception {
    // given
    String executionId = gated(status, WaveStatus.SKIPPED).getExecutionId();

    // then
    for (String command : new String[] {"pause", "resume"}) {
      post("/executions/{id}/" + command, null, executionId)
          .statusCode(409)
          .body("error", equalTo("execution " + executionId + " already ended: " + status));
    }
  }

  @Test
  void givenAnUnknownExecutionOrABadBody_whenPausedOrResumed_then404Or400() throws Exception {
    // given
    String executionId = gated(ExecutionStatus.RUNNING, WaveStatus.RUNNING).getExecutionId();

    // then
    post("/executions/{id}/pause", null, UUID.randomUUID().toString()).statusCode(404);
    post("/executions/{id}/resume", null, UUID.randomUUID().toString()).statusCode(404);
    post("/executions/{id}/resume", "{\"reason\": \"x\"}", executionId)
        .statusCode(400)
        .body("errors[0].path", equalTo("reason"));
    post("/executions/{id}/pause", "{\"reason\": 5}", executionId)
        .statusCode(400)
        .body("errors[0].path", equalTo("reason"));
  }

  @Test
  void givenAPausedExecution_whenCancelled_then202() throws Exception {
    // given
    String executionId =
        gated(ExecutionStatus.PAUSED, WaveStatus.WAITING_APPROVAL).getExecutionId();

    // then: a pause must not keep an operator from stopping the execution
    post("/executions/{id}/cancel", null, executionId).statusCode(202);
  }
}
