package io.drsorch.plans.executions;

import static io.drsorch.plans.Json.server;
import static io.drsorch.plans.Json.uniqueId;
import static io.drsorch.plans.executions.TestViews.LOCAL_OPERATOR;
import static io.drsorch.plans.executions.TestViews.READ_TIMEOUT;
import static io.drsorch.plans.executions.TestViews.execution;
import static io.drsorch.plans.executions.TestViews.job;
import static io.drsorch.plans.executions.TestViews.publish;
import static io.drsorch.plans.executions.TestViews.wave;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.drsorch.avro.CarriedOver;
import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionStatus;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.ExecutionWave;
import io.drsorch.avro.LaunchStatus;
import io.drsorch.avro.ServerLaunch;
import io.drsorch.avro.WaveStatus;
import io.drsorch.planmodel.validation.ExecutionRequestValidator;
import io.drsorch.plans.KafkaTestResource;
import io.drsorch.plans.TestKafka;
import io.drsorch.schemas.topics.Topics;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Retrying a FAILED or TIMED_OUT execution: the request rebuilt from the view the scheduler wrote,
 * published where a start's goes, and the link between the two executions shown on both.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class RetryExecutionTest {

  private static final String DB1 = server(501);
  private static final String DB2 = server(502);
  private static final String APP1 = server(503);
  private static final String APP2 = server(504);
  private static final String WEB = server(505);

  /** db completed; app failed with APP1 launched and APP2 not; web skipped. */
  private static ExecutionUpdated.Builder failed(String executionId, String planId) {
    return execution(
        executionId,
        planId,
        ExecutionStatus.FAILED,
        wave(
                "db",
                WaveStatus.COMPLETED,
                TestViews.server(DB1, LaunchStatus.LAUNCHED, job(1)),
                TestViews.server(DB2, LaunchStatus.LAUNCHED, job(1)))
            .setTimeoutMinutes(20)
            .build(),
        wave(
                "app",
                WaveStatus.FAILED,
                TestViews.server(APP1, LaunchStatus.LAUNCHED, job(2)),
                TestViews.server(APP2, LaunchStatus.FAILED, job(2)))
            .setDependsOn(List.of("db"))
            .setApprovalRequired(true)
            .setApprovalTimeoutMinutes(30)
            .build(),
        wave("web", WaveStatus.SKIPPED, TestViews.server(WEB, LaunchStatus.PENDING, null))
            .setDependsOn(List.of("app"))
            .setOptionalServerIds(List.of(WEB))
            .build());
  }

  private static ValidatableResponse retry(String executionId, String body) {
    var request = given();
    if (body != null) {
      request = request.contentType(ContentType.JSON).body(body);
    }
    return request.post("/executions/{id}/retry", executionId).then();
  }

  private static ConsumerRecord<String, ExecutionRequested> requestOf(String executionId) {
    return TestKafka.find(
            Topics.EXECUTION_REQUESTS,
            r -> r.value().getExecutionId().equals(executionId),
            READ_TIMEOUT)
        .orElseThrow(() -> new AssertionError("no ExecutionRequested for " + executionId));
  }

  private static CarriedOver carriedOver(ExecutionRequested request, String waveId) {
    return request.getWaves().stream()
        .filter(w -> w.getWaveId().equals(waveId))
        .findFirst()
        .orElseThrow()
        .getCarriedOver();
  }

  @Test
  void givenAFailedExecution_whenRetried_then202AndARequestCarryingOverWhatItAchieved()
      throws Exception {
    // given
    String planId = uniqueId("plan");
    String old = UUID.randomUUID().toString();
    publish(failed(old, planId).setWaveTimeoutMinutes(40).setExecutionTimeoutMinutes(200).build());

    // when
    var answer = retry(old, null).statusCode(202).extract();

    // then: a new execution, requested where a start goes, keyed by the plan
    String retryId = answer.path("executionId");
    assertThat(retryId).isNotEqualTo(old);
    assertThat(answer.header("Location")).endsWith("/executions/" + retryId);
    ConsumerRecord<String, ExecutionRequested> record = requestOf(retryId);
    assertThat(record.key()).isEqualTo(planId);
    ExecutionRequested request = record.value();
    assertThat(request.getRetryOf()).isEqualTo(old);
    assertThat(request.getRequestedBy()).isEqualTo(LOCAL_OPERATOR);
    assertThat(request.getPlanId()).isEqualTo(planId);
    assertThat(request.getPlanVersion()).isEqualTo(2L);
    assertThat(request.getWaveTimeoutMinutes()).isEqualTo(40);
    assertThat(request.getExecutionTimeoutMinutes()).isEqualTo(200);
    assertThat(request.getWaves())
        .extracting(ExecutionWave::getWaveId, ExecutionWave::getSourceServerIds)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("db", List.of(DB1, DB2)),
            org.assertj.core.groups.Tuple.tuple("app", List.of(APP1, APP2)),
            org.assertj.core.groups.Tuple.tuple("web", List.of(WEB)));
    assertThat(request.getWaves().get(1).getApprovalRequired()).isTrue();
    assertThat(request.getWaves().get(1).getApprovalTimeoutMinutes()).isEqualTo(30);
    assertThat(request.getWaves().get(2).getOptionalServerIds()).containsExactly(WEB);
    CarriedOver db = carriedOver(request, "db");
    assertThat(db.getFromExecutionId()).isEqualTo(old);
    assertThat(db.getDone()).isTrue();
    assertThat(db.getJobIds()).containsExactly(job(1));
    assertThat(db.getServers())
        .extracting(ServerLaunch::getSourceServerId)
        .containsExactly(DB1, DB2);
    CarriedOver app = carriedOver(request, "app");
    assertThat(app.getDone()).isFalse();
    assertThat(app.getJobIds()).containsExactly(job(2));
    assertThat(app.getServers()).extracting(ServerLaunch::getSourceServerId).containsExactly(APP1);
    assertThat(carriedOver(request, "web")).isNull();
    assertThat(ExecutionRequestValidator.validate(request)).isEmpty();
  }

  @Test
  void givenSkipWaves_whenRetried_thenThoseWavesAreDoneByTheOperatorWithTheReason()
      throws Exception {
    // given
    String old = UUID.randomUUID().toString();
    publish(failed(old, uniqueId("plan")).setStatus(ExecutionStatus.TIMED_OUT).build());

    // when
    String retryId =
        retry(old, "{\"skipWaves\": [\"app\"], \"reason\": \"app2 is decommissioned\"}")
            .statusCode(202)
            .extract()
            .path("executionId");

    // then
    CarriedOver app = carriedOver(requestOf(retryId).value(), "app");
    assertThat(app.getDone()).isTrue();
    assertThat(app.getServers()).extracting(ServerLaunch::getSourceServerId).containsExactly(APP1);
    assertThat(app.getOverrideBy()).isEqualTo(LOCAL_OPERATOR);
    assertThat(app.getOverrideReason()).isEqualTo("app2 is decommissioned");
  }

  @Test
  void givenBadSkipWaves_whenRetried_then400AtTheirPathsAndNothingPublished() throws Exception {
    // given
    String old = UUID.randomUUID().toString();
    publish(failed(old, uniqueId("plan")).build());

    // then
    retry(old, "{\"skipWaves\": [\"db\", \"cache\"]}")
        .statusCode(400)
        .body("errors", hasSize(2))
        .body("errors[0].path", equalTo("skipWaves[0]"))
        .body(
            "errors[0].message",
            equalTo("wave 'db' is COMPLETED: only a FAILED or TIMED_OUT wave can be skipped"))
        .body("errors[1].path", equalTo("skipWaves[1]"))
        .body("errors[1].message", equalTo("execution " + old + " has no wave 'cache'"));
    retry(old, "{\"skipWaves\": \"app\"}")
        .statusCode(400)
        .body("errors[0].path", equalTo("skipWaves"));
    retry(old, "{\"reason\": \"why not\"}")
        .statusCode(400)
        .body("errors[0].path", equalTo("reason"));
    assertThat(
            TestKafka.find(
                Topics.EXECUTION_REQUESTS,
                r -> old.equals(r.value().getRetryOf()),
                java.time.Duration.ofSeconds(2)))
        .isEmpty();
  }

  @ParameterizedTest
  @EnumSource(
      value = ExecutionStatus.class,
      names = {"RUNNING", "PAUSED", "COMPLETED", "CANCELLED", "REJECTED"})
  void givenAnExecutionThatDidNotFail_whenRetried_then409NamingItsStatus(ExecutionStatus status)
      throws Exception {
    // given
    String old = UUID.randomUUID().toString();
    publish(failed(old, uniqueId("plan")).setStatus(status).build());

    // then
    retry(old, null)
        .statusCode(409)
        .body(
            "error",
            equalTo(
                "execution "
                    + old
                    + " is "
                    + status
                    + ": only a FAILED or TIMED_OUT execution can be retried"));
  }

  @Test
  void givenAnUnknownExecution_whenRetried_then404() {
    retry(UUID.randomUUID().toString(), null).statusCode(404);
  }

  @Test
  void givenARetryOnTheTopic_whenBothAreRead_thenEachNamesTheOther() throws Exception {
    // given: old failed; a rejected retry of it, then one admitted and newer
    String planId = uniqueId("plan");
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String old = UUID.randomUUID().toString();
    String rejected = UUID.randomUUID().toString();
    String admitted = UUID.randomUUID().toString();
    publish(failed(old, planId).setStartedAt(now.minusSeconds(600)).build());
    publish(
        execution(rejected, planId, ExecutionStatus.REJECTED)
            .setStartedAt(now.minusSeconds(300))
            .setRetryOf(old)
            .build());

    // then: a rejected retry launched nothing: the old execution may be retried still
    given().get("/executions/{id}", old).then().body("retriedBy", equalTo(rejected));
    String accepted = retry(old, null).statusCode(202).extract().path("executionId");
    assertThat(requestOf(accepted).value().getRetryOf()).isEqualTo(old);

    // when: the scheduler admitted a retry
    publish(
        failed(admitted, planId)
            .setStatus(ExecutionStatus.RUNNING)
            .setStartedAt(now)
            .setRetryOf(old)
            .build());

    // then
    given()
        .get("/executions/{id}", old)
        .then()
        .body("retryOf", nullValue())
        .body("retriedBy", equalTo(admitted));
    given()
        .get("/executions/{id}", admitted)
        .then()
        .body("retryOf", equalTo(old))
        .body("retriedBy", nullValue());
    given()
        .queryParam("planId", planId)
        .get("/executions")
        .then()
        .body("executionId", contains(admitted, rejected, old))
        .body("retriedBy", contains(null, null, admitted))
        .body("retryOf", contains(old, old, null));
    // and retrying the old one again would relaunch what the retry launched
    retry(old, null)
        .statusCode(409)
        .body(
            "error",
            equalTo(
                "execution "
                    + old
                    + " was retried already by execution "
                    + admitted
                    + " (RUNNING): retry that one instead"));
  }
}
